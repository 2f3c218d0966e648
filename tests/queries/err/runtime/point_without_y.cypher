RETURN point({x: 1, z: 2}) AS p;
