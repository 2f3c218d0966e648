// memory: 64M
// Eleven nested replace() calls would build 10^12 characters from a 10-character string.
RETURN size(
  replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(
  'aaaaaaaaaa', 'a', 'aaaaaaaaaa'), 'a', 'aaaaaaaaaa'), 'a', 'aaaaaaaaaa'), 'a', 'aaaaaaaaaa'),
  'a', 'aaaaaaaaaa'), 'a', 'aaaaaaaaaa'), 'a', 'aaaaaaaaaa'), 'a', 'aaaaaaaaaa'),
  'a', 'aaaaaaaaaa'), 'a', 'aaaaaaaaaa'), 'a', 'aaaaaaaaaa')
) AS n;
