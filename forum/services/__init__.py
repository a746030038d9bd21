"""Every write to the forum, one module per verb family (Misago-style). Verbs take keyword-only
arguments, run in one transaction, write a moderation-log row where a moderator acted, and
return what they made or whether anything changed."""
