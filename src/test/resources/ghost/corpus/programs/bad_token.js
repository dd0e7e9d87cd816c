const s = 'unclosed;
