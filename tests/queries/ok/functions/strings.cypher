// graph: empty
RETURN toUpper('abc') AS up, toLower('ÀB') AS low, trim('  x  ') AS tr, ltrim('  x') AS lt, rtrim('x  ') AS rt;
RETURN substring('hello', 1, 3) AS sub, substring('hello', 2) AS rest, replace('a-b-c', '-', '+') AS rep, split('a,b,c', ',') AS parts;
RETURN left('hello', 2) AS l, right('hello', 2) AS r, reverse('abc') AS rev, size('héllo') AS chars;
RETURN toString(1) AS i, toString(1.5) AS f, toString(true) AS b, toInteger('42') AS ti, toInteger('x') AS bad, toInteger(3.9) AS trunc, toFloat('2.5') AS tf, toBoolean('TRUE') AS tb;
RETURN 'It\'s' AS escaped, "double \"quoted\"" AS dq, 'tab\there' AS tab, '\u00e9' AS unicode;
