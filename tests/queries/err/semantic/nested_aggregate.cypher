RETURN count(count(*)) AS c;
