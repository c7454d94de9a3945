// A permission is an owner rule checked by restforge, or code of the user's: not both.
use restforge::prelude::*;

#[derive(Debug, Default, Permission)]
#[restforge(owner = "user", hooks)]
pub struct IsOwner;

fn main() {}
