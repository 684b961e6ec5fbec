"""Real-looking posts of a university IT comms team, shared by the text tests."""

from __future__ import annotations

OUTAGE = (
    "Update 14:20: E-mail and the student portal are down for everyone on campus. We are working on it with "
    "our supplier and will post here every 30 minutes. Status: https://status.example.edu #ITStatus"
)
OUTAGE_RESOLVED = "Resolved 16:05: e-mail and the student portal are back. Thank you for your patience."
TECH_TIP = (
    "Tech Tip Tuesday: lock your screen when you step away. Press Windows + L (or Ctrl + Cmd + Q on a Mac). "
    "It takes one second and keeps your files yours. #TechTipTuesday"
)
REPLY_GOOD = (
    "@sam_student Sorry you're stuck before your deadline! The help desk can sort this out with you in "
    "private: https://help.example.edu or drop by the library desk until 20:00."
)
REPLY_BAD = (
    "@sam_student Sorry about that! DM us your password and student ID and we'll have a look. Meanwhile try "
    "clearing your cache, then go to Settings and remove the account."
)
MAINTENANCE_THREAD = (
    "Planned maintenance on Saturday 22 November, 06:00 to 10:00: the library catalogue, room booking and "
    "printing will be unavailable while we move them to new servers.\n\n"
    "You do not need to do anything. Print jobs sent during the work will not be kept, so please print "
    "before 06:00 or after 10:00. Room bookings made before Friday stay as they are.\n\n"
    "We will post here when everything is back. Questions? https://help.example.edu #ITStatus"
)
