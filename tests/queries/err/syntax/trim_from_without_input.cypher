// trim's SQL form needs what to trim after FROM.
RETURN trim(BOTH 'x' FROM);
