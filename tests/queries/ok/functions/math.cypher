// graph: empty
RETURN abs(-3) AS a, abs(-2.5) AS af, sign(-2) AS s, round(2.5) AS r, round(-2.5) AS rn, floor(2.7) AS f, ceil(2.1) AS c, sqrt(16) AS sq;
RETURN round(3.14159, 2) AS r2, exp(0) AS e0, log(1) AS l1, log10(100) AS l100, pi() > 3.14 AS pi_ok, e() > 2.71 AS e_ok;
