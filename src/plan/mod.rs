//! Planning: AST to a plan of streaming operators, with name and scope checks. Uses `ast` and
//! the graph's catalogue (label and type counts); never executes anything.
