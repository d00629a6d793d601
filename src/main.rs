fn main() {
    haixia_portal::start();
}
