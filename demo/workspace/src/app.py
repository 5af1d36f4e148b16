from report import by_team


def handler(event, _context):
    return by_team(event["rows"])
