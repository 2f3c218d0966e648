RETURN 'unterminated;
