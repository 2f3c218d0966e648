// XOR and OR on list and map literals: the first operand that is never a Boolean is named.
RETURN false OR ([1] XOR {a: 1}) AS x;
