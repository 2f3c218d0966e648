RETURN point.distance({x: 1, y: 2}, point({x: 1, y: 2})) AS d;
