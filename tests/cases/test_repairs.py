"""Product repairs (issue 12 item 8): in-house first; Thai silver refused; sent out
only after the customer is told 1-6 months and that it may not match; the receipt
PDF (date, item code, part, customer, photo; three copies, copy 3 with the item);
the hand-over to the repairer with copy 3; back, the customer phoned, shipped."""
from __future__ import annotations

import io

import pytest
from PIL import Image

from tests.cases.conftest import case_of, complaint, open_case
from tests.pdfcheck import printed
from tests.phone import bearer, body


def jpeg() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (160, 120), (200, 170, 40)).save(buf, format="JPEG")
    return buf.getvalue()


def product_repair(desk) -> str:
    m = desk.write("case.open", complaint(type="product_repair", person="customer", unit="", name="Ms Chow",
                                          phone="6123 4567", address="Flat 3, 8 Nathan Road",
                                          matter="Clasp of a bracelet broken", channel="visit"))
    assert desk.sync()[0]["status"] == "applied"
    return m["id"]


def received(photo: str | None = None, **over) -> dict:
    return {"step": "receive", "item_code": "BR-2291", "item": "Silver bracelet", "part": "Clasp",
            "material": "silver", "in_house": False, "notice_months": 3, "told_may_not_match": True,
            "photos": [photo] if photo else []} | over


def test_a_repair_is_received_handed_over_with_copy_3_back_phoned_and_shipped(phones, client, desk_h):
    desk = phones["desk1"]
    photo = body(client.post("/api/media?site_id=hv&purpose=cases", data=jpeg(),
                             headers={**desk_h, "Content-Type": "image/jpeg"}))["sha256"]
    case_id = product_repair(desk)
    steps = [received(photo), {"step": "hand_over", "repairer": "Lee Kee Jewellery Workshop", "copy3_with_item": True},
             {"step": "back", "note": "Clasp replaced"}, {"step": "phoned", "reached": True},
             {"step": "shipped", "carrier": "courier", "waybill": "SF99887766"}]
    for s in steps:
        desk.write("case.repair", {"case_id": case_id} | s)
    assert [o["status"] for o in desk.sync()] == ["applied"] * 5
    desk.pull_all()
    r = case_of(desk, case_id)["repair"]
    assert r["state"] == "shipped" and [s["step"] for s in r["steps"]] == ["receive", "hand_over", "back", "phoned",
                                                                            "shipped"]
    assert r["received"]["item_code"] == "BR-2291" and r["steps"][1]["copy3_with_item"] is True
    assert [e["event"] for e in case_of(desk, case_id)["history"]] == ["received"] + ["repair"] * 5

    for lang, words in (("en", ("Product repair receipt", "BR-2291", "Clasp", "Ms Chow 6123 4567", "Silver",
                                "Copy 1: kept by the shop", "Copy 3: travels with the item", "about 3 month(s)",
                                "1 to 6 months")),
                        ("zh-Hant", ("產品維修收據", "BR-2291", "Clasp", "第三聯：隨貨品送出", "約 3 個月", "未必與原貌相同"))):
        resp = client.get(f"/api/cases/{case_id}/repair-receipt.pdf?lang={lang}", headers=desk_h)
        assert resp.status_code == 200 and resp.mimetype == "application/pdf"
        pdf = printed(resp.data, f"cases-repair-receipt-{lang}")
        assert pdf.missing(*words) == []
        assert len(pdf.pages["poppler"]) == 3                           # three copies
        number = case_of(desk, case_id)["number"]
        assert pdf.missing(number) == []
    # The photo is on the receipt: the page is not blank where it sits (the bracelet's yellow).
    page = Image.open(printed(client.get(f"/api/cases/{case_id}/repair-receipt.pdf", headers=desk_h).data,
                              "cases-repair-receipt-photo").pages["poppler"][0]).convert("RGB")
    assert any(abs(r - 200) < 20 and abs(g - 170) < 20 and b < 80 for _, (r, g, b) in page.getcolors(1 << 24))


def test_thai_silver_is_refused_and_sent_out_needs_the_notice(phones, client, desk_h):
    desk = phones["desk1"]
    case_id = product_repair(desk)
    bad = [received(material="thai_silver"), received(notice_months=None), received(told_may_not_match=False),
           received(notice_months=7), received(item_code=""), received(material=None),
           {"step": "hand_over", "repairer": "Lee Kee", "copy3_with_item": False},
           {"step": "phoned"}, {"step": "shipped"}, {"step": "melt"}]
    for s in bad:
        desk.write("case.repair", {"case_id": case_id} | s)
    out = desk.sync()
    assert [o["reasons"][0]["code"] for o in out] == ["thai_silver_refused"] + ["invalid_payload"] * 9
    assert client.get(f"/api/cases/{case_id}/repair-receipt.pdf", headers=desk_h).status_code == 409
    desk.pull_all()
    assert case_of(desk, case_id).get("repair") is None                # nothing changed
    # In-house: no notice needed.
    desk.write("case.repair", {"case_id": case_id} | received(in_house=True, notice_months=None,
                                                                 told_may_not_match=False))
    assert desk.sync()[0]["status"] == "applied"
    pdf = printed(client.get(f"/api/cases/{case_id}/repair-receipt.pdf", headers=desk_h).data, "cases-repair-in-house")
    assert pdf.missing("In-house", "Photo") == ["Photo"]                 # no photo taken: none printed


def test_only_a_product_repair_and_only_the_desk_and_supervisors(phones, client, token):
    desk, guard = phones["desk1"], phones["guard1"]
    m = open_case(desk)                                                   # a resident's complaint
    desk.sync()
    desk.write("case.repair", {"case_id": m["id"]} | received())
    assert desk.sync()[0]["reasons"][0]["code"] == "not_a_product_repair"
    case_id = product_repair(desk)
    guard.write("case.repair", {"case_id": case_id} | received())
    assert guard.sync()[0]["reasons"][0]["code"] == "forbidden"
    r = client.get(f"/api/cases/{case_id}/repair-receipt.pdf", headers=bearer(token("guard1")))
    assert r.status_code == 403
    assert client.get("/api/cases/no-such-case/repair-receipt.pdf", headers=bearer(token("desk1"))).status_code == 404
    assert client.get(f"/api/cases/{case_id}/repair-receipt.pdf?lang=fr", headers=bearer(token("desk1"))).status_code == 422


@pytest.mark.parametrize("order", [("a", "b"), ("b", "a")])
def test_steps_from_two_phones_offline_converge_and_one_out_of_order_is_flagged(phones, order):
    desk, sup = phones["desk1"], phones["super1"]
    case_id = product_repair(desk)
    desk.write("case.repair", {"case_id": case_id} | received())
    desk.sync()
    w = {"a": (desk, {"step": "hand_over", "repairer": "Lee Kee", "copy3_with_item": True}),
         "b": (sup, {"step": "phoned", "reached": False})}
    for k in order:
        w[k][0].write("case.repair", {"case_id": case_id} | w[k][1])
    outs = {k: w[k][0].sync()[0] for k in order}
    assert outs["a"]["status"] == "applied"
    assert outs["b"]["status"] == "flagged" and outs["b"]["reasons"][0]["code"] == "repair_out_of_order"
    desk.pull_all()
    r = case_of(desk, case_id)["repair"]
    assert r["state"] == "phoned" and {s["step"] for s in r["steps"]} == {"receive", "hand_over", "phoned"}
