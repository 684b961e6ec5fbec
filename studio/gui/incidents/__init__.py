"""The Incidents view: outages and maintenance as running threads of updates, with reminders when one is due.

Importing this package is cheap (the reminder and the page); the view, the brand kit and the publisher load
when the page is first shown.
"""

from studio.gui.incidents.page import IncidentsPage, reminder_message
from studio.gui.incidents.reminder import IncidentReminder

__all__ = ["IncidentReminder", "IncidentsPage", "reminder_message"]
