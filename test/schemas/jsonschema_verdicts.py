"""Judges messages with Python's jsonschema (Debian's python3-jsonschema), an implementation independent of ajv.

argv[1]: the folder of the exported schemas. stdin: one JSON object per line,
{"case": id, "schema": path under the folder, "text": the message as JSON text}.
stdout: one JSON object per line, {"case": id, "errors": [{"keyword", "path", "message"}]}.
Messages are parsed by Python's json module, which keeps 19-digit integers exact.
"""
import calendar
import json
import re
import sys

import jsonschema

checker = jsonschema.FormatChecker()

# jsonschema checks date-time only with the rfc3339-validator package, which Debian 12 does not ship;
# this is RFC 3339 section 5.6 (date-time), written from the RFC with the standard library.
DATE_TIME = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-](\d{2}):(\d{2}))\Z"
)


@checker.checks("date-time")
def is_date_time(value):
    if not isinstance(value, str):
        return True
    m = DATE_TIME.match(value)
    if m is None:
        return False
    year, month, day, hour, minute, second = (int(m.group(i)) for i in range(1, 7))
    if not (1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]):
        return False
    if hour > 23 or minute > 59 or second > 60:
        return False
    if m.group(9) is not None and (int(m.group(9)) > 23 or int(m.group(10)) > 59):
        return False
    return True


def main():
    root = sys.argv[1]
    validators = {}
    for raw in sys.stdin:
        if not raw.strip():
            continue
        case = json.loads(raw)
        path = case["schema"]
        if path not in validators:
            with open(f"{root}/{path}", encoding="utf-8") as f:
                schema = json.load(f)
            jsonschema.Draft7Validator.check_schema(schema)
            validators[path] = jsonschema.Draft7Validator(schema, format_checker=checker)
        instance = json.loads(case["text"])
        errors = [
            {"keyword": e.validator, "path": "/" + "/".join(str(p) for p in e.absolute_path), "message": e.message[:200]}
            for e in validators[path].iter_errors(instance)
        ]
        print(json.dumps({"case": case["case"], "errors": errors}))


main()
