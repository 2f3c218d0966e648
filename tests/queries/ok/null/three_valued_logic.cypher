// graph: empty
UNWIND [true, false, null] AS a
UNWIND [true, false, null] AS b
RETURN a, b, a AND b AS and_, a OR b AS or_, a XOR b AS xor_, NOT a AS not_a;
