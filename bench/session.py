"""A logged-in session for the pages `make bench` loads as a demo user.

Run by bench/run.py with the benchmark's production environment:

    .venv/bin/python bench/session.py create citizen   # prints {"cookie": "sessionid=..."}
    .venv/bin/python bench/session.py delete SESSION_KEY

`create` stores a session in the benchmark's session engine, as a login
would: the user's id, the first authentication backend and the user's
session hash. It prints one JSON line: the user's email, the session key and
the Cookie header value that wrk sends. `delete` removes it again.
"""

import json
import sys
from importlib import import_module

import djangoenv


def session_store(session_key=None):
    from django.conf import settings

    return import_module(settings.SESSION_ENGINE).SessionStore(session_key)


def create(name):
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    user = djangoenv.user_for(name)
    session = session_store()
    session[SESSION_KEY] = user._meta.pk.value_to_string(user)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()  # a new key, stored with must_create
    return {
        "user": user.email,
        "session_key": session.session_key,
        "cookie": f"{settings.SESSION_COOKIE_NAME}={session.session_key}",
    }


def main(argv):
    if len(argv) != 2 or argv[0] not in ("create", "delete"):
        sys.stderr.write("usage: session.py create USER | session.py delete SESSION_KEY\n")
        return 2
    djangoenv.setup()
    action, argument = argv
    if action == "create":
        try:
            result = create(argument)
        except LookupError as exc:
            sys.stderr.write(f"{exc}\n")
            return 1
    else:
        session_store(argument).delete()
        result = {"deleted": argument}
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
