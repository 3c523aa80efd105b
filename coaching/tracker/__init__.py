"""The networking tracker: contacts, the referral chain, meetings, drafts and the follow-up plan.

Modules, by question:
- "where is it stored?"  `db` (engine, sessions, migrations on start) and `schema` (the tables)
- "how do I add or change something?"  `store` (contacts, meetings, steps done, requests)
- "what is due?"  `plan` (`due_items`, `pending_items`)
- drafts saved from the drafting pages: `drafts`; files in and out: `csvfile`, `calendar`

Nothing heavy is imported here, so the CLI's `--help` stays fast.
"""
