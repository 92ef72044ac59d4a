const a = x === 1 ? s.startsWith("p") : y < 2;
