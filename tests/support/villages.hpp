#pragma once

// Small villages for unit tests and fuzz targets: a village council and two group councils.
namespace yishi::tests {

// 一组 (甲, 乙, 丙) and 二组 (丁, with a phone); 甲 is a Party member.
inline constexpr const char* k_two_group_village = R"(
[village]
name = "试点村"
supervision_phone = "029-12345678"

[[groups]]
name = "一组"

[[groups]]
name = "二组"

[[people]]
name = "甲"
group = "一组"
gender = "male"
party = true

[[people]]
name = "乙"
group = "一组"
gender = "female"

[[people]]
name = "丙"
group = "一组"
gender = "male"

[[people]]
name = "丁"
group = "二组"
gender = "female"
phone = "13812345678"

[[councils]]
key = "village"
name = "试点村村民议事会"
tier = "village"
convener = "甲"
members = ["甲", "乙", "丙", "丁"]

[[councils]]
key = "yi"
name = "一组议事会"
group = "一组"
convener = "甲"
members = ["甲", "乙", "丙"]

[[councils]]
key = "er"
name = "二组议事会"
group = "二组"
convener = "丁"
members = ["丁"]
)";

} // namespace yishi::tests
