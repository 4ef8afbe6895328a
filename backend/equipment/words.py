"""The equipment words printed on labels and reports (glossary: one word per concept)."""
from __future__ import annotations

TYPE_NAMES = {
    "extinguisher": ("Fire extinguisher", "滅火筒"),
    "hose_reel": ("Hose reel", "消防喉轆"),
    "alarm": ("Fire alarm", "火警鐘"),
    "emergency_light": ("Emergency light", "緊急照明燈"),
    "first_aid": ("First-aid box", "急救箱"),
    "other": ("Other equipment", "其他設備"),
}
