"""Packing's printed forms as their readers see them in poppler and MuPDF: the box
label whose QR is the signed label (and the countersignature), the bill in three
copies, the return slip; both languages, every font embedded."""
import pytest

from tests.packing.conftest import count_all, new_order, one, open_box, register, seal, sign_two
from tests.pdfcheck import printed
from tests.phone import bearer, body


@pytest.fixture
def sealed(client, packer, staff, token):
    oid = new_order(packer, register(packer))
    box = open_box(packer, oid)
    count_all(packer, oid, box)
    sign_two(packer, oid)
    seal(packer, box, "S-000123")
    return oid, box


def test_the_box_label_holds_the_signed_label_and_the_countersignature(client, packer, sealed, token):
    oid, box = sealed
    h = bearer(token("packer1"))
    cs = body(client.post(f"/api/packing/boxes/{box}/countersign", headers=h))["countersign"]
    r = client.get(f"/api/packing/boxes/{box}/label.pdf", headers=h)
    assert r.status_code == 200
    label = printed(r.data, "packing-box-label")
    b = packer.of_kind("packing.box")[box]
    assert label.missing(b["number"], "Wing On Trading", "S-000123", "Kwun Tong Warehouse", "觀塘貨倉",
                         "到貨時請掃描") == []
    for renderer, codes in label.qr.items():
        assert sorted(codes) == sorted([b["sealed"]["label"], cs]), renderer


@pytest.mark.parametrize("lang,words", [("en", ("Bill", "Copy 1", "Copy 3", "Silver ring", "Two-person count",
                                                "Second checker", "Lau Chi Keung", "5,630.00")),
                                        ("zh-Hant", ("銷售單", "第1聯", "第3聯", "銀戒指", "雙人點貨", "點貨人",
                                                     "Lau Chi Keung", "5,630.00"))])
def test_the_bill_prints_in_three_copies(client, packer, sealed, token, lang, words):
    oid, _ = sealed
    r = client.get(f"/api/packing/orders/{oid}/bill.pdf?lang={lang}", headers=bearer(token("packer1")))
    bill = printed(r.data, f"packing-bill-{lang}")
    assert len(bill.pages["poppler"]) == 3
    assert bill.missing(*words) == []


def test_the_return_slip_prints_its_reason_and_signatures(client, packer, token):
    oid = new_order(packer, register(packer))
    m = packer.write("packing.cross_out", {"order_id": oid, "code": "N-200", "quantity": 1, "reason": "colour differs"})
    one(packer)
    r = client.get(f"/api/packing/returns/{m['id']}/slip.pdf?lang=zh-Hant", headers=bearer(token("packer1")))
    slip = printed(r.data, "packing-return-slip-zh")
    assert slip.missing("退貨單", "客戶不要", "點貨時刪去", "玉項鏈", "經手人", "Cheung Mei Ling", "部門經理") == []
    r = client.get(f"/api/packing/returns/{m['id']}/slip.pdf?lang=fr", headers=bearer(token("packer1")))
    assert r.status_code == 422


def test_item_labels_print_one_per_unit_and_scan_to_code_and_price(client, packer, token):
    oid = new_order(packer, register(packer))
    r = client.get(f"/api/packing/orders/{oid}/item-labels.pdf", headers=bearer(token("packer1")))
    assert r.status_code == 200
    sheet = printed(r.data, "packing-item-labels")
    assert sheet.missing("R-100", "銀戒指", "Jade necklace", "1,500.00") == []
    assert sheet.text["poppler"].count("R-100") == 2 and sheet.text["poppler"].count("B-300") == 3  # one per unit
    expected = sorted(["gatehouse:item:R-100@12500", "gatehouse:item:N-200@88000", "gatehouse:item:B-300@150000"])
    for renderer, codes in sheet.qr.items():   # pdfcheck reads each distinct code once a page
        assert sorted(codes) == expected, renderer
    r = client.get(f"/api/packing/orders/{oid}/item-labels.pdf", headers=bearer(token("desk1")))
    assert r.status_code == 403
