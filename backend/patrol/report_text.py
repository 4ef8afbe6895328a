"""Words of the daily activity report, in English and Traditional Chinese (same keys)."""
from __future__ import annotations

TEXT = {
    "en": {
        "title": "Daily activity report", "site": "Site", "day": "Day", "generated": "Generated",
        "summary": "Summary", "rounds": "Rounds", "scans": "Scans", "incidents": "Incidents",
        "gate": "Gate log", "handovers": "Shift handovers", "photos": "Photos and signatures",
        "section": "Section", "ref": "Ref", "time": "Time", "device_time": "Device time",
        "corrected_time": "Corrected time", "sync_time": "Sync time", "who": "Who", "what": "What",
        "detail": "Detail", "status": "Status", "flags": "Flags",
        "round": "Round", "scan": "Scan", "incident": "Incident", "incident_note": "Incident note",
        "visitor": "Visitor", "vehicle": "Vehicle", "handover": "Handover",
        # round status
        "upcoming": "upcoming", "open": "open", "awaiting_sync": "awaiting sync", "complete": "complete",
        "incomplete": "incomplete", "missed": "missed", "late": "late",
        # scan timing
        "on_time": "on time", "early": "early", "synced_late": "synced late",
        "intact": "intact", "damaged": "damaged",
        # records
        "closed": "closed", "inside": "inside", "left": "left", "refused": "refused",
        "written": "written", "accepted": "accepted", "reviewed": "countersigned",
        "done": "done", "missing": "missing", "out_of_order": "out of order", "report_now": "reported at once",
        "no_identification": "no identification", "suspicious": "suspicious", "other": "other",
        "suspicious_person": "suspicious person", "suspicious_vehicle": "suspicious vehicle",
        "damage": "damage", "fire_safety": "fire / safety", "public_order": "public order",
        "low": "low", "medium": "medium", "high": "high", "critical": "critical",
        "photo_missing": "photo not uploaded yet", "signature": "signature", "open_items": "open items",
        "equipment": "equipment", "refusal": "refusal", "outcome": "outcome", "none": "none",
        "hkid": "HKID", "passport": "passport", "mainland_permit": "Mainland travel permit",
        "driving_licence": "driving licence", "staff_card": "staff card",
        # review signatures and the duty log
        "review": "Review", "awaiting_review": "awaiting review", "not_approved": "not approved by",
        "amended": "amended", "original": "original", "log_entry": "Duty log",
        "log_general": "general", "log_patrol": "patrol", "log_visitor": "visitor", "log_vehicle": "vehicle",
        "log_facility": "facility", "log_incident": "incident", "log_complaint": "complaint", "log_other": "other",
    },
    "zh-Hant": {
        "title": "每日活動報告", "site": "地點", "day": "日期", "generated": "製作時間",
        "summary": "摘要", "rounds": "巡邏", "scans": "掃描", "incidents": "事故",
        "gate": "出入登記", "handovers": "交更", "photos": "相片及簽名",
        "section": "類別", "ref": "編號", "time": "時間", "device_time": "裝置時間",
        "corrected_time": "校正時間", "sync_time": "同步時間", "who": "人員", "what": "項目",
        "detail": "詳情", "status": "狀態", "flags": "標記",
        "round": "巡邏", "scan": "掃描", "incident": "事故", "incident_note": "事故跟進",
        "visitor": "訪客", "vehicle": "車輛", "handover": "交更",
        "upcoming": "未開始", "open": "進行中", "awaiting_sync": "等待同步", "complete": "完成",
        "incomplete": "未完成", "missed": "漏巡", "late": "遲到",
        "on_time": "準時", "early": "過早", "synced_late": "延遲同步",
        "intact": "完好", "damaged": "損壞",
        "closed": "已結案", "inside": "在場", "left": "已離開", "refused": "拒絕",
        "written": "已填寫", "accepted": "已接更", "reviewed": "已覆簽",
        "done": "已巡", "missing": "未巡", "out_of_order": "次序錯誤", "report_now": "即時上報",
        "no_identification": "沒有身份證明", "suspicious": "形跡可疑", "other": "其他",
        "suspicious_person": "可疑人物", "suspicious_vehicle": "可疑車輛",
        "damage": "損壞", "fire_safety": "消防 / 安全", "public_order": "公共秩序",
        "low": "低", "medium": "中", "high": "高", "critical": "緊急",
        "photo_missing": "相片尚未上載", "signature": "簽名", "open_items": "待辦事項",
        "equipment": "裝備", "refusal": "拒絕接更", "outcome": "結果", "none": "無",
        "hkid": "香港身份證", "passport": "護照", "mainland_permit": "回鄉證",
        "driving_licence": "駕駛執照", "staff_card": "員工證",
        "review": "審閱", "awaiting_review": "待審閱", "not_approved": "不批准：",
        "amended": "已更正", "original": "原文", "log_entry": "值班記錄",
        "log_general": "一般", "log_patrol": "巡邏", "log_visitor": "訪客", "log_vehicle": "車輛",
        "log_facility": "設施", "log_incident": "事件", "log_complaint": "投訴", "log_other": "其他",
    },
}

assert set(TEXT["en"]) == set(TEXT["zh-Hant"]), "both catalogs have the same keys"


def words(lang: str):
    table = TEXT[lang]
    return lambda key: table.get(key, key)
