const a = x ? 1 : 2;
const b = x ? y ? 1 : 2 : z
  ? 3
  : 4;
call(x ? () => 1 : function () { return 2; });
