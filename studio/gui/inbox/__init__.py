"""The Inbox view: mentions, replies and quotes of the team's accounts (issue 18)."""
