// Labels are set on nodes only.
UNWIND [{name: 'x'}] AS n SET n:Seen;
