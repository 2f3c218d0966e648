RETURN point({longitude: 12.5, latitude: 95}) AS p;
