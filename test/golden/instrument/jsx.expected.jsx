import{c as __bf_c,w as __bf_w}from"bunfuzz-counters:6:jsx.jsx";var __bf_h,__bf_e,__bf_o,__bf_q,__bf_x,__bf_a1;function __bf_i(){__bf_h=globalThis.__bunfuzz_module("jsx.jsx",6,1,[],[0,""],0);__bf_e=__bf_h.e;__bf_o=__bf_h.o;__bf_q=__bf_h.q;__bf_x=__bf_h.x;return __bf_h.c}__bf_i();export const App = ({ user }) => {var __bf_a1;__bf_c[0]=1;return((
  <div className={user ? (__bf_c[1]=1,"in") : (__bf_c[2]=1,"out")}>
    {user && (__bf_c[3]=1,<span>{((__bf_a1=user.name) === ""||__bf_e[0]<__bf_x[0]&&(__bf_e[0]=__bf_x[0],__bf_o[0]=__bf_a1,__bf_q[++__bf_q[0]]=0,false)) ? (__bf_c[4]=1,"anon") : (__bf_c[5]=1,user.name)}</span>)}
  </div>
))};
