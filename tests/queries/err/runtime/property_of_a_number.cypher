RETURN (1).x AS x;
