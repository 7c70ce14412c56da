"""The scenarios of bench/reliability.py, each against the running deployment.

1. The mail server is down while citizens submit, then comes back: every
   submission answers, and every confirmation mail arrives once.
2. The mail server accepts the connection and never answers: submitting
   stays quick, and /healthz keeps answering.
3. PostgreSQL restarts under load: 503 with Retry-After, never 500; and no
   stored file is left without its row.
4. The submit's time seen from the client, with the broker (the work after
   the commit is queued) and without (it is done in the request).

Each returns an Outcome: rows for the table (figure, value, check) and the
details that go to reliability.json.
"""

import math
import re
import statistics
import threading
import time
from collections import Counter
from datetime import datetime

from reliability_client import LANGUAGE, submit

SMTP_DOWN_SUBMISSIONS = 20
MAIL_DEADLINE = 120  # issue #16: all the mails within two minutes of the server's return
MAIL_WAIT = 150  # how long to wait for them, to see how late they are when late
SILENT_SUBMISSIONS = 10
SILENT_NO_BROKER_SUBMISSIONS = 3
SUBMIT_LIMIT = 2.0
SILENT_MAIL_WAIT = 90  # the next minute's outbox.deliver_due, and some
HEALTH_INTERVAL = 0.2
LOAD_BEFORE_RESTART = 3
LOAD_AFTER_RESTART = 6
TIMING_SUBMISSIONS = 20
CASE_LINK = re.compile(rf'href="(/{LANGUAGE}/tramits/les-meves-sollicituds/[^"/]+/)"')
HOME = f"/{LANGUAGE}/"
CATALOGUE = f"/{LANGUAGE}/tramits/"
MY_CASES = f"/{LANGUAGE}/tramits/les-meves-sollicituds/"


class Outcome:
    def __init__(self):
        self.rows = []
        self.details = {}

    def row(self, figure, value, ok=None):
        check = "" if ok is None else ("ok" if ok else "FAIL")
        self.rows.append((figure, value, check))


def percentile(values, percent):
    ordered = sorted(values)
    return ordered[max(1, math.ceil(percent / 100 * len(ordered))) - 1]


def timing(seconds):
    """Median, p95 (nearest rank), max and mean, in milliseconds."""
    if not seconds:
        return {}
    return {
        "median_ms": round(statistics.median(seconds) * 1000, 1),
        "p95_ms": round(percentile(seconds, 95) * 1000, 1),
        "max_ms": round(max(seconds) * 1000, 1),
        "mean_ms": round(statistics.fmean(seconds) * 1000, 1),
        "samples_ms": [round(value * 1000, 1) for value in seconds],
    }


def counts(counter):
    return ", ".join(f"{label}: {n}" for label, n in sorted(counter.items())) or "none"


class Requests:
    """Every request the browsers made, thread-safe: when, what, and the answer."""

    def __init__(self):
        self.lock = threading.Lock()
        self.items = []

    def recorder(self, who):
        def record(method, path, response):
            with self.lock:
                self.items.append(
                    {
                        "at": time.monotonic(),
                        "who": who,
                        "method": method,
                        "path": path,
                        "status": response.status,
                        "label": response.label(),
                        "retry_after": response.headers.get("retry-after", ""),
                        "seconds": response.seconds,
                    }
                )

        return record

    def statuses(self, items=None):
        return Counter(item["label"] for item in (self.items if items is None else items))


def submission_record(result):
    return {
        "number": result.number,
        "confirmed": result.confirmed,
        "submit_ms": round(result.submit_seconds * 1000, 1)
        if result.submit_seconds is not None
        else None,
        "failure": result.failure,
    }


def new_log_lines(service, offset):
    """The lines a service logged after `offset` characters of its log."""
    return service.log()[offset:].splitlines()


def logged_problems(lines):
    """The lines logged at ERROR or CRITICAL (Django's " ERROR ", Celery's "ERROR/")."""
    return [
        line
        for line in lines
        if any(mark in line for mark in (" ERROR ", "ERROR/", " CRITICAL ", "CRITICAL/"))
    ]


# --- 1. The mail server down, then back -----------------------------------------------------


def mails_of(smtp_messages, number, email):
    """The messages that are the confirmation of `number` to `email`, by recipient and subject."""
    return [
        message
        for message in smtp_messages
        if f"({number})" in message["subject"]
        and (email in message["rcpt_tos"] or email in message["to"])
    ]


def arrival_check(deployment, numbers, email):
    """For each registry number: its mail in the outbox, and how often it arrived
    by its Message-ID and by its recipient and subject."""
    outbox = deployment.django("mails", *numbers) if numbers else {}
    received = deployment.smtp.received()
    by_id = Counter(message["message_id"] for message in received)
    checks = {}
    for number in numbers:
        mails = outbox.get(number, {}).get("mails", [])
        message_ids = [mail["message_id"] for mail in mails]
        checks[number] = {
            "outbox_mails": len(mails),
            "state": [mail["state"] for mail in mails],
            "attempts": [mail["attempts"] for mail in mails],
            "receipt": outbox.get(number, {}).get("receipt"),
            "by_message_id": sum(by_id[message_id] for message_id in message_ids),
            "by_recipient_and_subject": len(mails_of(received, number, email)),
        }
        checks[number]["once"] = (
            len(mails) == 1
            and checks[number]["by_message_id"] == 1
            and checks[number]["by_recipient_and_subject"] == 1
        )
    return checks


def smtp_down(deployment):
    outcome = Outcome()
    requests = Requests()
    citizen = deployment.citizen()
    browser = deployment.browser(citizen=citizen, record=requests.recorder("citizen"))
    deployment.smtp.stop()
    results = [
        submit(browser, deployment.slug, deployment.pdf) for _ in range(SMTP_DOWN_SUBMISSIONS)
    ]
    numbers = [result.number for result in results if result.number]
    confirmed = sum(1 for result in results if result.confirmed)
    restarted, restarted_clock = time.monotonic(), datetime.now().astimezone()  # noqa: DTZ005
    deployment.smtp.start()
    print(
        f"  {confirmed} submissions confirmed with the SMTP server down; it is back at "
        f"{restarted_clock:%H:%M:%S}, waiting for the mails (at most {MAIL_WAIT} s)...",
        flush=True,
    )
    first_arrival = {}
    deadline = restarted + MAIL_WAIT
    while time.monotonic() < deadline and deployment.worker.alive():
        received = deployment.smtp.received()
        for number in numbers:
            if number not in first_arrival and (
                found := mails_of(received, number, citizen["email"])
            ):
                first_arrival[number] = min(message["monotonic"] for message in found)
        if len(first_arrival) == len(numbers):
            break
        time.sleep(0.5)
    time.sleep(2)  # a second copy sent right after the first would show now
    all_arrived = len(first_arrival) == len(numbers) == SMTP_DOWN_SUBMISSIONS
    last = max(first_arrival.values()) - restarted if first_arrival else None
    checks = arrival_check(deployment, numbers, citizen["email"])
    once = sum(1 for check in checks.values() if check["once"])
    statuses = requests.statuses()
    errors = sum(n for label, n in statuses.items() if label == "500" or label.startswith("no "))
    submit_times = [r.submit_seconds for r in results if r.submit_seconds is not None]

    outcome.row(
        "submissions confirmed (number + case page)",
        f"{confirmed}/{len(results)}",
        confirmed == len(results),
    )
    outcome.row(
        "answers 500 or none, of all requests", f"{errors} of {sum(statuses.values())}", errors == 0
    )
    outcome.row(
        "distinct registry numbers",
        str(len(set(numbers))),
        len(set(numbers)) == SMTP_DOWN_SUBMISSIONS,
    )
    if submit_times:
        times = timing(submit_times)
        outcome.row(
            "submit POST, median / max", f"{times['median_ms']:.0f} / {times['max_ms']:.0f} ms"
        )
    outcome.row(
        "all mails arrived, after the server's return",
        f"{last:.1f} s (back at :{restarted_clock:%S} past the minute)"
        if all_arrived
        else f"{len(first_arrival)}/{len(numbers)} in {MAIL_WAIT} s",
        all_arrived and last <= MAIL_DEADLINE,
    )
    outcome.row(
        "arrived exactly once (Message-ID, recipient+subject)",
        f"{once}/{len(numbers)}",
        once == SMTP_DOWN_SUBMISSIONS,
    )
    outcome.details = {
        "submissions": [submission_record(result) for result in results],
        "numbers": numbers,
        "email": citizen["email"],
        "statuses": dict(statuses),
        "server_back_at": restarted_clock.isoformat(timespec="seconds"),
        "all_arrived_after_s": round(last, 2) if last is not None else None,
        "arrival_after_s": {
            number: round(at - restarted, 2) for number, at in sorted(first_arrival.items())
        },
        "mails": checks,
        "worker_alive": deployment.worker.alive(),
    }
    return outcome


# --- 2. A mail server that never answers -----------------------------------------------------


class HealthPoller(threading.Thread):
    """GET /healthz every HEALTH_INTERVAL seconds until stopped."""

    def __init__(self, deployment):
        super().__init__(name="healthz", daemon=True)
        self.browser = deployment.browser(timeout=10)
        self.stopping = threading.Event()
        self.answers = []

    def run(self):
        while not self.stopping.is_set():
            response = self.browser.get("/healthz")
            self.answers.append((response.label(), response.seconds))
            self.stopping.wait(HEALTH_INTERVAL)

    def stop(self):
        self.stopping.set()
        self.join(15)


def smtp_silent(deployment):
    outcome = Outcome()
    citizen = deployment.citizen()
    browser = deployment.browser(citizen=citizen)
    no_broker = deployment.browser(deployment.port("no broker"), citizen=citizen)
    deployment.smtp.hang()
    poller = HealthPoller(deployment)
    poller.start()
    try:
        results = [
            submit(browser, deployment.slug, deployment.pdf) for _ in range(SILENT_SUBMISSIONS)
        ]
        without = [
            submit(no_broker, deployment.slug, deployment.pdf)
            for _ in range(SILENT_NO_BROKER_SUBMISSIONS)
        ]
    finally:
        poller.stop()
        held = deployment.smtp.silent.accepted
        deployment.smtp.unhang()
        deployment.smtp.start()
        # When its mails are looked for again, at the end of the run.
        deployment.smtp_answers_again = time.monotonic()
    confirmed = sum(1 for result in results if result.confirmed)
    times = timing([r.submit_seconds for r in results if r.submit_seconds is not None])
    health = Counter(label for label, _seconds in poller.answers)
    health_max = max((seconds for _label, seconds in poller.answers), default=0)
    quick = bool(times) and times["max_ms"] < SUBMIT_LIMIT * 1000
    without_times = timing([r.submit_seconds for r in without if r.submit_seconds is not None])

    outcome.row("submissions confirmed", f"{confirmed}/{len(results)}", confirmed == len(results))
    if times:
        outcome.row(
            "submit POST, median / max",
            f"{times['median_ms']:.0f} / {times['max_ms']:.0f} ms (limit {SUBMIT_LIMIT:.0f} s)",
            quick,
        )
    outcome.row(
        "/healthz while the server hangs",
        f"{health.get('200', 0)}/{len(poller.answers)} answered 200, max {health_max * 1000:.0f} ms",
        health.get("200", 0) == len(poller.answers) > 0 and health_max < SUBMIT_LIMIT,
    )
    if without_times:
        outcome.row(
            "without a broker (for comparison): POST median / max",
            f"{without_times['median_ms']:.0f} / {without_times['max_ms']:.0f} ms "
            f"(EMAIL_TIMEOUT={deployment.env['EMAIL_TIMEOUT']} s)",
        )
    outcome.row("connections the silent server held open", str(held))
    outcome.details = {
        "submissions": [submission_record(result) for result in results],
        "submit": times,
        "numbers": [result.number for result in results + without if result.number],
        "email": citizen["email"],
        "healthz": {"statuses": dict(health), "max_ms": round(health_max * 1000, 1)},
        "without_broker": {
            "submissions": [submission_record(result) for result in without],
            "submit": without_times,
        },
        "silent_connections": held,
    }
    return outcome


# --- 3. PostgreSQL restarts under load -----------------------------------------------------------


def postgres_restart(deployment):
    outcome = Outcome()
    requests = Requests()
    stopping = threading.Event()
    submissions = []  # (monotonic when it ended, Submission)
    demo = deployment.browser(citizen=deployment.citizen())
    case = CASE_LINK.search(demo.get(MY_CASES).text)
    case_path = case[1] if case else MY_CASES
    demo.record = requests.recorder("pages (citizen)")
    anonymous = deployment.browser(record=requests.recorder("pages (anonymous)"))
    submitters = [
        deployment.browser(citizen=deployment.citizen(index), record=requests.recorder("submit"))
        for index in range(2)
    ]

    def submit_loop(browser):
        while not stopping.is_set():
            result = submit(browser, deployment.slug, deployment.pdf)
            submissions.append((time.monotonic(), result))
            if not result.confirmed:
                time.sleep(0.1)

    def page_loop(browser, paths):
        while not stopping.is_set():
            for path in paths:
                browser.get(path)

    threads = [
        threading.Thread(target=submit_loop, args=(browser,), daemon=True) for browser in submitters
    ] + [
        threading.Thread(target=page_loop, args=(anonymous, [HOME, CATALOGUE]), daemon=True),
        threading.Thread(target=page_loop, args=(demo, [case_path, HOME]), daemon=True),
    ]
    web = deployment.web_service()
    log_offset = len(web.log())
    for thread in threads:
        thread.start()
    try:
        time.sleep(LOAD_BEFORE_RESTART)
        restart_began = time.monotonic()
        restart_seconds = deployment.postgres.restart()
        restart_ended = time.monotonic()
        time.sleep(LOAD_AFTER_RESTART)
    finally:
        stopping.set()
        for thread in threads:
            thread.join(60)
    items = list(requests.items)
    statuses = requests.statuses(items)
    answered_503 = [item for item in items if item["status"] == 503]
    with_retry_after = sum(1 for item in answered_503 if item["retry_after"])
    server_errors = sum(1 for item in items if item["status"] >= 500 and item["status"] != 503)
    no_answer = sum(1 for item in items if item["status"] == 0)
    trouble = [item["at"] for item in items if item["status"] == 0 or item["status"] >= 500]
    first_page_after = min(
        (item["at"] for item in items if item["at"] > restart_ended and item["status"] == 200),
        default=None,
    )
    confirmed = [result for _at, result in submissions if result.confirmed]
    first_submission_after = min(
        (at for at, result in submissions if result.confirmed and at > restart_ended),
        default=None,
    )
    failed_steps = Counter(result.failed_step for _at, result in submissions if result.failure)
    lines = new_log_lines(web, log_offset)
    access_500 = [line for line in lines if '" 500 ' in line]
    problems = logged_problems(lines)
    registered = deployment.django("numbers", *(deployment.citizen(i)["email"] for i in range(2)))
    # The number is in the submit's redirect (and its message): a case page that
    # then answers 503 is a page to load again, not a lost submission.
    told = {result.number for _at, result in submissions if result.number}
    unconfirmed = sorted(set(registered) - told)
    orphans = deployment.django("orphans")

    outcome.row("pg_ctl restart -m fast took", f"{restart_seconds:.1f} s")
    outcome.row("requests while loading", f"{len(items)} ({counts(statuses)})")
    outcome.row("answers 500 (or other 5xx but 503)", str(server_errors), server_errors == 0)
    outcome.row("no answer (connection cut, time-out)", str(no_answer), no_answer == 0)
    outcome.row(
        "503 with Retry-After",
        f"{with_retry_after}/{len(answered_503)}",
        with_retry_after == len(answered_503),
    )
    if trouble:
        outcome.row(
            "errors seen from / to (after the restart began)",
            f"{min(trouble) - restart_began:+.2f} s / {max(trouble) - restart_began:+.2f} s",
        )
    if first_page_after is not None:
        outcome.row("first 200 after pg_ctl returned", f"{first_page_after - restart_ended:.2f} s")
    outcome.row(
        "submissions confirmed / not",
        f"{len(confirmed)} / {sum(failed_steps.values())}"
        + (f" ({counts(failed_steps)})" if failed_steps else ""),
    )
    if first_submission_after is not None:
        outcome.row(
            "first submission confirmed after pg_ctl returned",
            f"{first_submission_after - restart_ended:.2f} s",
        )
    outcome.row(
        "registered, but the submit answered an error",
        f"{len(unconfirmed)}" + (f" ({', '.join(unconfirmed)})" if unconfirmed else ""),
        not unconfirmed,
    )
    outcome.row(
        "orphan files under MEDIA_ROOT",
        f"{len(orphans['orphans'])} of {orphans['files']} files "
        f"(documents.orphans finds {orphans['orphans_find']})",
        not orphans["orphans"],
    )
    outcome.row("500 in gunicorn's access log", str(len(access_500)), not access_500)
    # Django logs every 5xx at ERROR, the 503 of a database away too ("Service Unavailable").
    by_logger = Counter(
        match[1] for line in problems if (match := re.search(r" ERROR ([\w.]+): ", line))
    )
    outcome.row("gunicorn log: ERROR lines by logger", counts(by_logger))
    other_lines = [line for line in problems if "Service Unavailable" not in line]
    outcome.details = {
        "restart_seconds": round(restart_seconds, 2),
        "requests": len(items),
        "statuses": dict(statuses),
        "statuses_by_who": {
            who: dict(requests.statuses([item for item in items if item["who"] == who]))
            for who in sorted({item["who"] for item in items})
        },
        "errors_window_s": [
            round(min(trouble) - restart_began, 2),
            round(max(trouble) - restart_began, 2),
        ]
        if trouble
        else None,
        "503_with_retry_after": with_retry_after,
        "non_503_5xx": [
            {key: item[key] for key in ("who", "method", "path", "label")}
            for item in items
            if item["status"] == 0 or (item["status"] >= 500 and item["status"] != 503)
        ],
        "submissions_confirmed": len(confirmed),
        "submissions_answered_with_number": len(told),
        "submission_failures": [result.failure for _at, result in submissions if result.failure],
        "registered_numbers": registered,
        "registered_not_confirmed": unconfirmed,
        "orphans": orphans,
        "gunicorn_500_lines": access_500[:20],
        "gunicorn_error_lines_by_logger": dict(by_logger),
        "gunicorn_error_lines": other_lines[:40],
        "worker_alive": deployment.worker.alive(),
    }
    return outcome


# --- 4. The submit's time, with and without the broker ------------------------------------------


def submit_timing(deployment):
    outcome = Outcome()
    citizen = deployment.citizen()
    ways = {
        name: deployment.browser(deployment.port(name), citizen=citizen)
        for name in ("broker", "no broker")
    }
    results = {name: [] for name in ways}
    for browser in ways.values():  # warm-up, not counted
        submit(browser, deployment.slug, deployment.pdf)
    for index in range(TIMING_SUBMISSIONS):
        order = list(ways) if index % 2 == 0 else list(reversed(ways))
        for name in order:
            results[name].append(submit(ways[name], deployment.slug, deployment.pdf))
    times = {
        name: timing([r.submit_seconds for r in items if r.confirmed])
        for name, items in results.items()
    }
    confirmed = sum(1 for items in results.values() for result in items if result.confirmed)
    outcome.row(
        "submissions confirmed",
        f"{confirmed}/{2 * TIMING_SUBMISSIONS}",
        confirmed == 2 * TIMING_SUBMISSIONS,
    )
    for name, label in (("broker", "with the broker (queued)"), ("no broker", "without a broker")):
        if times[name]:
            outcome.row(
                f"submit POST {label}: median / p95",
                f"{times[name]['median_ms']:.0f} / {times[name]['p95_ms']:.0f} ms",
            )
    if times["broker"] and times["no broker"]:
        outcome.row(
            "with / without, medians",
            f"{times['broker']['median_ms'] / times['no broker']['median_ms']:.2f}",
        )
    outcome.details = {
        "submissions_each_way": TIMING_SUBMISSIONS,
        "with_broker": times["broker"],
        "without_broker": times["no broker"],
        "failures": [
            result.failure for items in results.values() for result in items if result.failure
        ],
    }
    return outcome


# --- At the end of the run --------------------------------------------------------------------------


def recheck_mails(deployment, details):
    """The mails again, minutes later: still once each, and those that waited
    for the silent server delivered since."""
    outcome = Outcome()
    received = deployment.smtp.received()
    repeated = sum(1 for n in Counter(m["message_id"] for m in received).values() if n > 1)
    outcome.row("Message-IDs received more than once (all mails)", str(repeated), repeated == 0)
    result = {"messages_received": len(received), "message_ids_repeated": repeated}
    if "1" in details:
        checks = arrival_check(deployment, details["1"]["numbers"], details["1"]["email"])
        once = sum(1 for check in checks.values() if check["once"])
        outcome.row(
            "scenario 1's mails still arrived once", f"{once}/{len(checks)}", once == len(checks)
        )
        result["scenario_1_once"] = once
    if "2" in details:
        numbers, email = details["2"]["numbers"], details["2"]["email"]
        back = deployment.smtp_answers_again
        print(
            f"  Waiting for scenario 2's mails (at most {SILENT_MAIL_WAIT} s after the "
            "server answered again)...",
            flush=True,
        )
        while time.monotonic() < back + SILENT_MAIL_WAIT:
            received = deployment.smtp.received()
            if all(mails_of(received, number, email) for number in numbers):
                break
            time.sleep(0.5)
        received = deployment.smtp.received()
        arrivals = [
            min(message["monotonic"] for message in found)
            for number in numbers
            if (found := mails_of(received, number, email))
        ]
        checks = arrival_check(deployment, numbers, email)
        once = sum(1 for check in checks.values() if check["once"])
        last = (
            f", the last {max(arrivals) - back:.1f} s after it answered again" if arrivals else ""
        )
        outcome.row(
            "scenario 2's mails arrived once, after the silent server",
            f"{once}/{len(checks)}{last}",
            once == len(checks),
        )
        result["scenario_2_once"] = once
        result["scenario_2_last_after_s"] = round(max(arrivals) - back, 2) if arrivals else None
        result["scenario_2_mails"] = checks
    worker_lines = deployment.worker.log().splitlines()
    outcome.row(
        "Celery worker running at the end",
        "yes" if deployment.worker.alive() else "no",
        deployment.worker.alive(),
    )
    result["worker_error_lines"] = logged_problems(worker_lines)[:40]
    outcome.row("Celery log: ERROR lines", str(len(logged_problems(worker_lines))))
    outcome.details = result
    return outcome


SCENARIOS = {
    1: ("SMTP down, then back", smtp_down),
    2: ("SMTP that never answers", smtp_silent),
    3: ("PostgreSQL restart under load", postgres_restart),
    4: ("submit time, broker or not", submit_timing),
}
