"""The pass card as printed (poppler, MuPDF, zbar) and the pass page on the holder's phone."""
from __future__ import annotations

from backend.keys import tokens
from tests.pdfcheck import printed
from tests.phone import body


def test_the_pass_card_prints_both_languages_the_photo_and_a_qr_that_reads_as_the_pass(client, desk, issue):
    p = issue()
    r = client.get(f"/api/passes/{p['id']}/card.pdf", headers=desk.headers)
    assert r.status_code == 200 and r.mimetype == "application/pdf"
    card = printed(r.data, "pass-card")
    assert card.missing("Temporary pass", "臨時出入證", "Chan Siu Keung", "Wing Fat Renovation", "12B",
                        "裝修", p["number"], "Harbour View Estate", "海景苑", "請在閘口出示此證") == []
    assert b"/Subtype /Image" in r.data or b"/Subtype/Image" in r.data   # the holder's photo
    for renderer, codes in card.qr.items():
        [code] = codes
        claims = tokens.read(code).claims
        assert tokens.read(code).kid and claims == tokens.read(p["token"]).claims, renderer


def test_the_pass_page_shows_the_holder_the_qr_and_no_resident_data(client, issue):
    p = issue()
    link = p["token_answer"]["link"]
    r = client.get(link)
    assert r.status_code == 200 and r.mimetype == "text/html"
    html = r.get_data(as_text=True)
    assert "Chan Siu Keung" in html and "12B" in html and 'class="qr"' in html
    assert "+852" not in html and "9123" not in html
    assert "<script>" not in html and "/pass/page.js" in html
    manifest = body(client.get(link + "/manifest.webmanifest"))
    assert manifest["start_url"] == link and manifest["scope"] == "/pass/"
    assert client.get("/pass/sw.js").status_code == 200
    assert client.get(f"/pass/{p['id']}/not-the-key").status_code == 404


def test_a_revoked_pass_page_shows_no_qr(client, desk, issue):
    p = issue()
    desk.write("pass.revoke", {"pass_id": p["id"], "reason": "left the job"})
    desk.sync()
    html = client.get(p["token_answer"]["link"]).get_data(as_text=True)
    assert 'class="qr"' not in html and "Revoked" in html and "已取消" in html
    assert body(client.get(f"/api/passes/{p['id']}/token", headers=desk.headers))["reason"] == "pass_revoked"
