"""Words of the case register's exports and the monthly statistics, in English and
Traditional Chinese (same keys; the glossary's words, shared/glossary.md)."""
from __future__ import annotations

TEXT = {
    "en": {
        "register": "Case register", "stats_title": "Monthly statistics of cases", "site": "Site",
        "month": "Month", "generated": "Generated", "closed_in_month": "Cases closed in the month",
        "number": "No.", "received_on": "Received", "type": "Type", "channel": "Channel", "person": "Person",
        "unit": "Unit", "name": "Name", "matter": "Matter", "status": "Status", "owner": "Owner",
        "department": "Department", "deadline": "Deadline", "days_left": "Days left", "overdue": "Overdue",
        "closed_on": "Closed", "on_time": "On time", "yes": "yes", "no": "no",
        "by_type": "By type", "by_unit": "By responsible unit", "count": "Cases", "ratio": "Share",
        "timeliness": "Closed on time and overdue", "closed_overdue": "Closed overdue",
        "avg_days": "Average days to close", "callbacks": "Callbacks", "called_back": "Called back",
        "callback_rate": "Callback handling rate (goal 100 %)", "callback_issues": "Issues raised in callbacks",
        "valid": "Valid complaints", "households": "Households", "valid_rate": "Valid-complaint rate (target below 1 %)",
        "not_set": "not set", "total": "Total", "section": "Section", "item": "Item", "figure": "Figure",
        "per_week": "Cases received per week", "week_of": "Week of",
        # types
        "complaint": "Complaint", "repair_request": "Repair request", "help_request": "Request for help",
        "suggestion": "Suggestion", "enquiry": "Enquiry", "product_complaint": "Product complaint",
        "product_repair": "Product repair",
        # channels
        "phone": "Phone", "letter": "Letter", "visit": "In person", "patrol": "Found on patrol",
        "callback": "Raised in a callback",
        # people
        "resident": "Resident", "customer": "Customer", "other": "Other",
        # states
        "received": "Received", "assigned": "Handed on", "in_hand": "In hand", "answered": "Answered",
        "closed": "Closed",
        # responsibility (a unit named by its kind alone)
        "resp_department": "Department", "resp_person": "Person", "resp_supplier": "Supplier",
        "resp_third_party": "Third party", "resp_none": "None",
        "deadline_close": "closing", "deadline_check": "same-day check", "deadline_report": "investigation report",
        "deadline_next_reply": "next reply date",
        "place": "Where", "mail_major": "Major complaint",
        "mail_act": "Its owner and deadlines are in the case register.",
        "repair_receipt": "Product repair receipt", "repair_date": "Date received", "repair_item_code": "Item code",
        "repair_item": "Item", "repair_part": "Part to repair", "repair_material": "Material",
        "material_silver": "Silver", "material_thai_silver": "Thai silver", "material_gold": "Gold",
        "material_platinum": "Platinum", "material_other": "Other", "address": "Address",
        "repair_where": "Repair", "repair_in_house": "In-house",
        "repair_sent_out": "Sent to the repairer: about {months} month(s)",
        "repair_may_not_match": "The customer was told that a repair by the repairer takes 1 to 6 months and may not match the original.",
        "repair_copy_1": "Copy 1: kept by the shop", "repair_copy_2": "Copy 2: for the customer",
        "repair_copy_3": "Copy 3: travels with the item", "repair_photo_missing": "Photo not uploaded yet",
        "repair_signed_customer": "Customer", "repair_signed_staff": "Received by",
    },
    "zh-Hant": {
        "register": "個案登記冊", "stats_title": "個案每月統計", "site": "物業",
        "month": "月份", "generated": "產生時間", "closed_in_month": "本月結案個案",
        "number": "編號", "received_on": "受理日期", "type": "類別", "channel": "來源", "person": "對象",
        "unit": "單位", "name": "姓名", "matter": "事項", "status": "狀態", "owner": "負責人",
        "department": "部門", "deadline": "處理期限", "days_left": "剩餘日數", "overdue": "逾期",
        "closed_on": "結案日期", "on_time": "準時", "yes": "是", "no": "否",
        "by_type": "按類別", "by_unit": "按責任單位", "count": "個案數", "ratio": "比例",
        "timeliness": "準時及逾期結案", "closed_overdue": "逾期結案",
        "avg_days": "平均結案日數", "callbacks": "回訪", "called_back": "已回訪",
        "callback_rate": "回訪處理率（目標 100 %）", "callback_issues": "回訪中提出的事項",
        "valid": "有效投訴", "households": "戶數", "valid_rate": "有效投訴率（目標低於 1 %）",
        "not_set": "未設定", "total": "合計", "section": "部分", "item": "項目", "figure": "數字",
        "per_week": "每週受理個案", "week_of": "週",
        "complaint": "投訴", "repair_request": "報修", "help_request": "求助",
        "suggestion": "建議", "enquiry": "查詢", "product_complaint": "產品投訴",
        "product_repair": "產品維修",
        "phone": "來電", "letter": "來信", "visit": "親臨", "patrol": "巡邏發現",
        "callback": "回訪中提出",
        "resident": "住戶", "customer": "客戶", "other": "其他",
        "received": "已受理", "assigned": "已轉交", "in_hand": "處理中", "answered": "已回覆",
        "closed": "已結案",
        "resp_department": "部門", "resp_person": "個人", "resp_supplier": "供應商",
        "resp_third_party": "第三方", "resp_none": "無",
        "deadline_close": "結案", "deadline_check": "即日查看", "deadline_report": "調查報告",
        "deadline_next_reply": "下次回覆日期",
        "place": "地點", "mail_major": "重大投訴",
        "mail_act": "負責人及處理期限見個案登記冊。",
        "repair_receipt": "產品維修收據", "repair_date": "收件日期", "repair_item_code": "貨品編號",
        "repair_item": "貨品", "repair_part": "維修部分", "repair_material": "材質",
        "material_silver": "銀", "material_thai_silver": "泰銀", "material_gold": "金",
        "material_platinum": "鉑金", "material_other": "其他", "address": "地址",
        "repair_where": "維修", "repair_in_house": "本店維修",
        "repair_sent_out": "送交維修商：約 {months} 個月",
        "repair_may_not_match": "已告知客戶：送交維修商維修需時一至六個月，修後未必與原貌相同。",
        "repair_copy_1": "第一聯：本店存檔", "repair_copy_2": "第二聯：交客戶",
        "repair_copy_3": "第三聯：隨貨品送出", "repair_photo_missing": "相片尚未上載",
        "repair_signed_customer": "客戶", "repair_signed_staff": "經手人",
    },
}


def words(lang: str):
    """`w(key)`: the word for `key` in `lang` ("en" or "zh-Hant")."""
    return TEXT[lang].__getitem__
