// Type predicates (Neo4j 5): `IS ::`, `IS NOT ::`, `::` alone and `IS TYPED`. Every type holds
// null unless it is NOT NULL (or `!`); IS NOT :: is the negation, so false on null.
UNWIND [42, true, 'abc', null] AS val RETURN val, val IS :: INTEGER AS isInteger, val IS NOT :: STRING AS notString;
RETURN null IS :: BOOLEAN AS isBoolean, null IS :: BOOLEAN NOT NULL AS isNotNullBoolean,
       (null + 1) IS NOT :: DATE AS isNotDate, (null + 1) IS NOT :: DATE NOT NULL AS isNotNotNullDate,
       null IS :: INTEGER! AS bang;
UNWIND [true, 'x', 1, 1.5, [1], {k: 1}, date('2024-01-02'), localtime('12:00'), time('12:00+01:00'),
        localdatetime('2024-01-02T12:00'), datetime('2024-01-02T12:00Z'), duration('P1D')] AS v
RETURN v, v :: BOOLEAN AS bool, v :: STRING AS str, v :: INTEGER AS int, v :: FLOAT AS float,
       v :: MAP AS map, v :: LIST<ANY> AS list, v :: DATE AS date, v :: LOCAL TIME AS lt,
       v :: ZONED TIME AS zt, v :: LOCAL DATETIME AS ldt, v :: ZONED DATETIME AS zdt,
       v :: DURATION AS dur, v :: PROPERTY VALUE AS prop;
// Synonyms.
RETURN true IS :: BOOL AS a, 'x' IS :: VARCHAR AS b, 1 IS :: INT AS c, 1 IS :: SIGNED INTEGER AS d,
       localtime('12:00') IS :: TIME WITHOUT TIME ZONE AS e, time('12:00Z') IS :: TIME WITH TIMEZONE AS f,
       localdatetime('2024-01-02T12:00') IS :: TIMESTAMP WITHOUT TIME ZONE AS g,
       datetime('2024-01-02T12:00Z') IS :: TIMESTAMP WITH TIME ZONE AS h,
       1 IS :: ANY VALUE AS i, {} IS :: ANY MAP AS j, [1] IS :: ARRAY<INT> AS k, [1] IS :: INT LIST AS l,
       1 IS TYPED INTEGER AS m, 1 IS NOT TYPED INTEGER AS n;
// Lists: every element of the element type (nullable unless NOT NULL); the empty list has every
// list type.
RETURN [1, 2] IS :: LIST<INTEGER> AS ints, [1, 'a'] IS :: LIST<INTEGER> AS mixed,
       [1, 'a'] IS :: LIST<INTEGER | STRING> AS int_or_string, [1, null] IS :: LIST<INTEGER> AS with_null,
       [1, null] IS :: LIST<INTEGER NOT NULL> AS not_null_elements, [] IS :: LIST<NOTHING> AS empty,
       [[1], []] IS :: LIST<LIST<INTEGER>> AS nested, [1] IS :: INTEGER LIST NOT NULL AS suffix,
       null IS :: LIST<INTEGER> NOT NULL AS null_list;
// Unions, ANY, NOTHING, NULL, PROPERTY VALUE.
UNWIND [1, 2.5, 'x', null] AS v
RETURN v, v IS :: INTEGER | FLOAT AS number, v IS :: ANY<INTEGER | FLOAT> NOT NULL AS number_not_null,
       v IS :: INTEGER NOT NULL | FLOAT NOT NULL AS both_not_null, v IS :: ANY AS any,
       v IS :: ANY NOT NULL AS any_not_null, v IS :: NOTHING AS nothing, v IS :: NULL AS is_null,
       v IS :: NULL NOT NULL AS never;
// NOTHING holds no value, not even null (yet goes in a union with nullable types).
RETURN null IS :: NOTHING AS null_nothing, null IS :: NOTHING | BOOLEAN AS null_union,
       [] IS :: LIST<NOTHING> AS empty, [null] IS :: LIST<NOTHING> AS list_of_null;
RETURN [1, 2] IS :: PROPERTY VALUE AS ints, [1, 2.0] IS :: PROPERTY VALUE AS mixed_numbers,
       ['a', null] IS :: PROPERTY VALUE AS with_null, [] IS :: PROPERTY VALUE AS empty,
       {a: 1} IS :: PROPERTY VALUE AS map, [[1]] IS :: ANY PROPERTY VALUE AS nested;
// Precedence: as IS NULL, tighter than comparison and NOT, looser than arithmetic.
RETURN NOT 1 IS :: STRING AS a, 1 + 1 IS :: INTEGER AS b, 1 IS :: INTEGER = true AS c, 1 :: INTEGER AND 'x' :: STRING AS d;
