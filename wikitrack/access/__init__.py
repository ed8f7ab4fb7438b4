"""Who may sign in to the web view: logins, passwords and the login throttle.

`logins` keeps the logins file (`web-users.json`, 0600; each login belongs to a person of the
config's [[people]]), hashes and checks passwords (scrypt, zxcvbn's strength rule, a gate so
password checks cannot pile up), slows down guessing (per address and per login, a growing
delay rather than a lockout) and binds single sign-on accounts to people. Plain Python: no
Flask, no database. The CLI's `web-user` commands reach it through `app`; the web's login pages
use it directly.
"""
