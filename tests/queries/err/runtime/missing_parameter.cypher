RETURN $missing AS p;
