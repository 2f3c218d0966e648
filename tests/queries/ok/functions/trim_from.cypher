// graph: empty
// SQL's form of trim, as Neo4j 5 takes it: the side, the character, or both, before FROM.
RETURN trim(BOTH 'x' FROM 'xxaxx') AS both, trim(LEADING 'x' FROM 'xxaxx') AS leading, trim(TRAILING 'x' FROM 'xxaxx') AS trailing, trim('x' FROM 'xxaxx') AS character;
RETURN trim(LEADING FROM '  a  ') AS leading_space, trim(trailing from '  a  ') AS trailing_space, trim(BOTH FROM '  a  ') AS both_space;
// Null in, null out; and a variable named like a side is still a variable.
RETURN trim(BOTH null FROM 'xa') AS no_character, trim(LEADING 'x' FROM null) AS no_input;
WITH ' a ' AS both, 'x' AS leading RETURN trim(both) AS plain, trim(leading FROM 'xxa') AS side_not_variable;
