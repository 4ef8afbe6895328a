"""Equipment labels as a person sees them in poppler and MuPDF: both languages, QR codes that scan."""
from __future__ import annotations

from tests.pdfcheck import printed


def test_label_sheet_prints_both_languages_expiry_and_each_qr_scans_to_its_item(client, sup, register):
    r = client.get("/api/equipment/labels.pdf?site_id=hv", headers=sup)
    assert r.status_code == 200
    sheet = printed(r.data, "equipment-labels")
    names = [i["name"] for i in register.items] + [i["name_zh"] for i in register.items]
    assert sheet.missing(*names, "滅火筒", "Fire extinguisher", "急救箱", register.b["expires_on"],
                         "Harbour View Estate", "海景苑", "每次檢查請掃描") == []
    for renderer, codes in sheet.qr.items():
        assert sorted(codes) == sorted(i["qr"] for i in register.items), renderer
