"""The calendar's look, made from the theme's palette (one place for its style sheet, light and dark)."""

from __future__ import annotations

from studio.gui.queue.colours import mix
from studio.gui.theme import Palette

__all__ = ["calendar_style", "switch_style"]


def calendar_style(p: Palette) -> str:
    """The style sheet for the calendar's frame, days and navigation (the chips paint themselves)."""
    outside = mix(p.window, p.surface, 0.7)
    rules = [
        f"#CalendarGrid {{ background: {p.surface}; border: 1px solid {p.border}; border-radius: 10px; }}",
        f"#WeekdayHead {{ color: {p.muted}; font-weight: 600; font-size: 9pt; padding: 7px 0 6px 0; "
        f"border-bottom: 1px solid {p.border}; }}",
        f"#CalendarDay {{ background: {p.surface}; border: none; border-right: 1px solid {p.border}; "
        f"border-bottom: 1px solid {p.border}; }}",
        f'#CalendarDay[outside="true"] {{ background: {outside}; }}',
        f'#CalendarDay[today="true"] {{ background: {mix(p.accent, p.surface, 0.05)}; }}',
        f"#DayNumber {{ color: {p.text}; font-size: 9pt; font-weight: 600; min-width: 22px; "
        "min-height: 22px; padding: 0 4px; border-radius: 11px; }",
        f'#CalendarDay[outside="true"] #DayNumber {{ color: {p.muted}; font-weight: 400; }}',
        f'#DayNumber[today="true"] {{ background: {p.accent}; color: {p.accent_text}; }}',
        f"#MoreLink {{ color: {p.accent}; border: none; background: transparent; padding: 0 4px; "
        "font-size: 8.5pt; }",
        "#MoreLink:hover { text-decoration: underline; background: transparent; }",
        f"#CalendarTitle {{ font-size: 13pt; font-weight: 600; color: {p.text}; }}",
        "#CalendarNav { padding: 4px 10px; min-width: 14px; }",
        switch_style(p),
    ]
    return "\n".join(rules)


def switch_style(p: Palette) -> str:
    """Checkable buttons that switch between views (Calendar/Table, Month/Week)."""
    soft = mix(p.accent, p.surface, 0.12)
    return (
        "#ModeButton { padding: 4px 14px; }\n"
        f"#ModeButton:checked {{ background: {soft}; color: {p.accent}; border: 1px solid {p.accent}; "
        "font-weight: 600; }"
    )
