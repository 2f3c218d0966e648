// graph: empty
RETURN 1 + 2 AS add, 7 - 10 AS sub, 6 * 7 AS mul, 7 / 2 AS int_div, -7 / 2 AS neg_div, 7 % 3 AS mod, -7 % 3 AS neg_mod;
RETURN 7.0 / 2 AS float_div, 2 ^ 10 AS pow, 1 / 0.0 AS inf, 0.1 + 0.2 AS imprecise, 1e3 AS sci, .5 AS half;
RETURN 'a' + 'b' AS concat, 'n' + 1 AS str_num, [1] + [2, 3] AS list_concat, [1] + 2 AS append;
RETURN -(3) AS neg, +4 AS pos, 2 + 3 * 4 AS precedence, (2 + 3) * 4 AS parens, 2 ^ 3 ^ 2 AS pow_left;
RETURN 0x1F AS hex, 0o17 AS octal, 9223372036854775807 AS max_int, -9223372036854775808 AS min_int;
