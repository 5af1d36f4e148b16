"""Monthly cost totals per team."""


def monthly_total(rows):
    total = 0
    for row in rows:
        total += row["cost"]
    return round(total, 1)


def by_team(rows):
    teams = {}
    for row in rows:
        teams.setdefault(row["team"], []).append(row)
    return {team: monthly_total(items) for team, items in teams.items()}
