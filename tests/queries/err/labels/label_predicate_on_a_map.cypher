WITH {name: 'x'} AS m RETURN m:Person|Group;
