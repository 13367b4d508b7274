"""The names the demo loader and the province generator draw applicants from, and the reasons a dossier
is sent back for a supplement."""

FAMILY_NAMES = (
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Ngô",
)
MIDDLE_NAMES = ("Văn", "Thị", "Hữu", "Đức", "Minh", "Thanh", "Ngọc", "Quốc", "Thu", "Xuân", "Hoài")
GIVEN_NAMES = (
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Giang",
    "Hà",
    "Hải",
    "Hạnh",
    "Hòa",
    "Hùng",
    "Hương",
    "Khánh",
    "Lan",
    "Linh",
    "Long",
    "Mai",
    "Nam",
    "Nga",
    "Phong",
    "Phúc",
    "Quân",
    "Sơn",
    "Tâm",
    "Thảo",
    "Trang",
)
COMPANY_NAMES = (
    "Phú Thịnh",
    "Hưng Phát",
    "Minh Long",
    "Thành Công",
    "Đại Dương",
    "Sao Việt",
    "Hoàng Gia",
    "An Khang",
    "Tân Tiến",
    "Bình Minh",
)
SUPPLEMENT_REASONS = (
    "Bổ sung bản sao giấy tờ chứng minh nhân thân",
    "Bổ sung bản vẽ, thuyết minh còn thiếu",
    "Điều chỉnh tờ khai theo mẫu quy định",
    "Bổ sung văn bản ủy quyền hợp lệ",
)
