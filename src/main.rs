fn main() {
    let _db = relq::Database::with_seed();
}
