"""Words of the daily activity report, in English and Traditional Chinese (same keys).

The glossary's words (shared/glossary.md), the same as the phone's: tests/test_words.py
keeps the zh-Hant words free of retired words and of English."""
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
        "visitor": "Visitor", "vehicle": "Vehicle", "handover": "Handover", "unscheduled": "unscheduled",
        # round status
        "upcoming": "upcoming", "open": "in progress", "awaiting_sync": "awaiting sync", "complete": "complete",
        "incomplete": "incomplete", "missed": "missed", "late": "late",
        # scan timing
        "on_time": "on time", "early": "early", "synced_late": "synced late", "synced_late_n": "{n} synced late",
        "intact": "intact", "damaged": "damaged", "photos_n": "{n} photo(s)",
        # incidents
        "incident_open": "open", "incident_closed": "closed", "report_now": "reported to supervisor",
        "corrected": "[corrected {n} time(s); original: {original}]",
        "suspicious_person": "suspicious person", "suspicious_vehicle": "suspicious vehicle",
        "damage": "damage", "fire_safety": "fire & safety", "public_order": "public order",
        "low": "low", "medium": "medium", "high": "high", "critical": "critical",
        # gate
        "inside": "inside", "left": "left", "refused": "refused entry",
        "no_identification": "no identification", "suspicious": "suspicious behaviour", "other": "other",
        "hkid": "HKID", "passport": "passport", "mainland_permit": "Mainland travel permit",
        "driving_licence": "driving licence", "staff_card": "staff card", "none": "no ID shown",
        # handovers
        "handover_written": "waiting to be taken over", "handover_refused": "refused to take over",
        "handover_accepted": "taken over", "reviewed": "countersigned",
        "refusal": "refused to take over", "open_items": "open items", "equipment": "equipment check",
        "in_order": "in order", "not_in_order": "not in order", "signature": "signature",
        # rounds
        "done": "done", "missing": "missing", "out_of_order": "out of order",
        "photo_missing": "photo not uploaded yet",
        # flags a supervisor reviews (reason codes)
        "not_on_route": "not on the route", "checkpoint_retired": "checkpoint retired",
        "route_retired": "route retired", "too_fast": "scanned too soon after the last checkpoint",
        "two_devices": "scanned by two phones at once", "clock_off": "phone clock off",
        "clock_skew": "phone clock off", "clock_backwards": "phone clock went back",
        "future_time": "time later than now", "round_started_late": "round started late",
        "already_out": "already recorded as left", "out_before_in": "time out before time in",
        "already_closed": "already closed", "already_accepted": "already taken over",
        "already_countersigned": "already countersigned", "handover_refused": "refused to take over",
        "edit_conflict": "two changes to one field",
        "already_reviewed": "already countersigned", "amended_after_review": "corrected after the countersign",
        # review signatures and the duty log
        "review": "Countersign", "awaiting_review": "awaiting countersign", "not_approved": "not approved by",
        "log_entry": "Duty log", "unit": "unit",
        "log_general": "general", "log_patrol": "patrol", "log_visitor": "visitor", "log_vehicle": "vehicle",
        "log_facility": "facility", "log_incident": "incident", "log_complaint": "complaint", "log_other": "other",
        # the analysis report of a major incident
        "analysis_title": "Major incident analysis report", "number": "No.", "category": "Category",
        "severity": "Severity", "place": "Place", "reported_by": "Reported by", "what_happened": "What happened",
        "handling": "Handling", "follow_ups": "Follow-up notes", "police": "Handed to the police",
        "police_station": "Police station", "police_report": "Police report no.", "police_officer": "Officer",
        "police_time": "Handed over at", "not_police": "Not handed to the police",
        "impact": "Impact", "cause": "Cause", "negligence": "Staff negligence",
        "negligence_yes": "Yes; investigated by {name}", "negligence_no": "No",
        "corrective": "Corrective measures", "preventive": "Preventive measures", "outcome": "Outcome",
        "closed_by": "Closed by", "not_closed": "Not closed yet", "not_given": "Not given",
    },
    "zh-Hant": {
        "title": "每日活動報告", "site": "物業", "day": "日期", "generated": "製作時間",
        "summary": "摘要", "rounds": "巡邏", "scans": "掃描", "incidents": "事件",
        "gate": "出入登記", "handovers": "交更", "photos": "相片及簽名",
        "section": "類別", "ref": "編號", "time": "時間", "device_time": "手機時間",
        "corrected_time": "校正時間", "sync_time": "同步時間", "who": "人員", "what": "項目",
        "detail": "詳情", "status": "狀態", "flags": "標記",
        "round": "巡邏", "scan": "掃描", "incident": "事件", "incident_note": "事件跟進",
        "visitor": "訪客", "vehicle": "車輛", "handover": "交更", "unscheduled": "臨時巡邏",
        "upcoming": "未開始", "open": "進行中", "awaiting_sync": "等待同步", "complete": "已完成",
        "incomplete": "未完成", "missed": "漏巡", "late": "逾時",
        "on_time": "準時", "early": "過早", "synced_late": "延遲同步", "synced_late_n": "{n} 項延遲同步",
        "intact": "完好", "damaged": "損壞", "photos_n": "{n} 張相片",
        "incident_open": "處理中", "incident_closed": "已結案", "report_now": "已向主管報告",
        "corrected": "〔已更正 {n} 次；原文：{original}〕",
        "suspicious_person": "可疑人物", "suspicious_vehicle": "可疑車輛",
        "damage": "設施損壞", "fire_safety": "消防安全", "public_order": "治安",
        "low": "低", "medium": "中", "high": "高", "critical": "緊急",
        "inside": "在場", "left": "已離開", "refused": "拒絕進入",
        "no_identification": "沒有身份證明", "suspicious": "形跡可疑", "other": "其他",
        "hkid": "香港身份證", "passport": "護照", "mainland_permit": "回鄉證 / 通行證",
        "driving_licence": "駕駛執照", "staff_card": "職員證", "none": "沒有出示證件",
        "handover_written": "等待接更", "handover_refused": "已拒絕接更",
        "handover_accepted": "已接更", "reviewed": "已審閱",
        "refusal": "拒絕接更", "open_items": "待跟進事項", "equipment": "裝備檢查",
        "in_order": "正常", "not_in_order": "不正常", "signature": "簽名",
        "done": "已巡", "missing": "未巡", "out_of_order": "次序錯誤",
        "photo_missing": "相片尚未上載",
        "not_on_route": "不在路線上", "checkpoint_retired": "巡邏點已停用",
        "route_retired": "路線已停用", "too_fast": "與上一個巡邏點的掃描相隔太短",
        "two_devices": "兩部手機同時掃描", "clock_off": "手機時鐘誤差",
        "clock_skew": "手機時鐘誤差", "clock_backwards": "手機時鐘倒退",
        "future_time": "時間遲於現在", "round_started_late": "逾時開始巡邏",
        "already_out": "已登記離開", "out_before_in": "離開時間早於進入時間",
        "already_closed": "已結案", "already_accepted": "已接更",
        "already_countersigned": "已審閱簽署", "handover_refused": "拒絕接更",
        "edit_conflict": "同一欄位有兩項修改",
        "already_reviewed": "已審閱", "amended_after_review": "審閱後曾更正",
        "review": "審閱簽署", "awaiting_review": "尚未審閱", "not_approved": "不批准：",
        "log_entry": "值班記錄", "unit": "單位",
        "log_general": "一般", "log_patrol": "巡邏", "log_visitor": "訪客", "log_vehicle": "車輛",
        "log_facility": "設施", "log_incident": "事件", "log_complaint": "投訴", "log_other": "其他",
        "analysis_title": "重大事件分析報告", "number": "編號", "category": "類別",
        "severity": "嚴重程度", "place": "地點", "reported_by": "報告人", "what_happened": "事件經過",
        "handling": "處理經過", "follow_ups": "跟進記錄", "police": "已交警方處理",
        "police_station": "警署", "police_report": "報案編號", "police_officer": "警員",
        "police_time": "移交時間", "not_police": "沒有交警方處理",
        "impact": "影響", "cause": "原因", "negligence": "員工疏忽",
        "negligence_yes": "有；由 {name} 調查", "negligence_no": "沒有",
        "corrective": "糾正措施", "preventive": "預防措施", "outcome": "結果",
        "closed_by": "結案人", "not_closed": "尚未結案", "not_given": "未填寫",
    },
}

assert set(TEXT["en"]) == set(TEXT["zh-Hant"]), "both catalogs have the same keys"


def words(lang: str):
    """w(key) or w(key, n=3): the word in `lang`; an unknown key (a new code) prints as itself."""
    table = TEXT[lang]
    return lambda key, **params: table.get(key, key).format(**params) if params else table.get(key, key)
