// graph: empty
RETURN datetime('2020-11-14T10:00[Europe/Berln]') AS d;
