try { a(); } catch (e) { b(e); }
try { a(); } catch { b(); } finally { c(); }
try { a(); } finally { c(); }
