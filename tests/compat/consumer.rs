//! Code a caller wrote against the crate generated from `tests/fixtures/compat/v1.yaml`. The compat test
//! compiles it unchanged against that crate and against the one from `v2.yaml`, which only adds optional
//! properties, enum values, a union variant and an operation: values are built with `new` and `with_*`,
//! enums and unions are matched with a wildcard arm, so none of those additions reaches this code.

use pet_shelter::types::{Company, Kind, NewPet, Owner, Person, Pet, Problem};
use pet_shelter::{Client, Error};

/// A request body: the required fields through `new`, an optional one through its setter.
pub fn new_pet(name: &str, owner: Option<Owner>) -> NewPet {
    let pet = NewPet::new(name, Kind::Dog).with_tag("good");
    match owner {
        Some(owner) => pet.with_owner(owner),
        None => pet,
    }
}

/// Union values built from their variants' constructors. `Person` and `Company` have the same shape once
/// the union holds their tags, so the generator folds them into one type and keeps `Person` as an alias:
/// this code, written when they were two structs, compiles unchanged.
pub fn owners() -> Vec<Owner> {
    vec![Owner::Person(Person::new("Ada")), Owner::Company(Company::new("Acme"))]
}

/// Reading a response: fields are public; enums and unions need a wildcard arm.
pub fn describe(pet: &Pet) -> String {
    let kind = match &pet.kind {
        Kind::Dog => "dog",
        Kind::Cat => "cat",
        _ => "animal",
    };
    let owner = match &pet.owner {
        Some(Owner::Person(person)) => person.name.clone(),
        Some(Owner::Company(company)) => company.name.clone(),
        Some(_) => "someone".to_owned(),
        None => "nobody".to_owned(),
    };
    let tag = pet.tag.as_deref().unwrap_or("untagged");
    format!("{} the {kind} ({tag}), owned by {owner}", pet.name)
}

/// Every v1 operation, with its required arguments and optional setters.
pub async fn adopt(client: &Client) -> Result<String, Error<Problem>> {
    let owner = owners().into_iter().next();
    let created = client.create_pet(new_pet("Rex", owner)).await?;
    let listed = client.list_pets().limit(10).await?;
    let fetched = client.get_pet(&created.id).await?;
    Ok(format!("{} among {} pets", describe(&fetched), listed.len()))
}
