// graph: empty
// stDev and stDevP round once the squared deviations of exact sums: 2^53, 2^53 + 2 and 2^53 + 4
// deviate by -2, 0 and 2 from their mean, whatever their order; values that cancel; one value
// or none (0.0); nulls skipped; values beyond 2^300 and below 2^-300 scaled; not finite: NaN.
UNWIND [9007199254740992.0, 9007199254740994.0, 9007199254740996.0] AS x RETURN stDev(x) AS sd, stDevP(x) AS sdp;
UNWIND [9007199254740996.0, 9007199254740992.0, 9007199254740994.0] AS x RETURN stDev(x) AS sd, stDevP(x) AS sdp;
UNWIND [1e16, 1, -1e16, 1] AS x RETURN stDev(x) AS sd;
UNWIND [5] AS x RETURN stDev(x) AS one, stDevP(x) AS one_p;
UNWIND [] AS x RETURN stDev(x) AS none, stDevP(x) AS none_p;
UNWIND [1, null, 3, null] AS x RETURN stDev(x) AS sd, stDevP(x) AS sdp;
UNWIND [1e300, 3e300, -1e300] AS x RETURN stDev(x) AS huge;
UNWIND [1e-310, 3e-310, 2e-310] AS x RETURN stDevP(x) AS tiny;
UNWIND [1.0, 1.0 / 0.0] AS x RETURN stDev(x) AS infinite;
UNWIND ['a', 'b'] AS k UNWIND range(1, 4) AS i RETURN k, stDev(CASE k WHEN 'a' THEN i ELSE i * 0.5 END) AS sd ORDER BY k;
