export const App = ({ user }) => (
  <div className={user ? "in" : "out"}>
    {user && <span>{user.name === "" ? "anon" : user.name}</span>}
  </div>
);
