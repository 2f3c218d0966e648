// graph: empty
RETURN date({year: 2020, day: 5}) AS d;
