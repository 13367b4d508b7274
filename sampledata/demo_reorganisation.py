"""The demo province's 2025 reorganisation, as it happened (spec/organisation.md, "Demo data").

- 01/03/2025: Sở Thông tin và Truyền thông merges into Sở Khoa học và Công nghệ, its press and publishing
  going to Sở Văn hóa, Thể thao và Du lịch; Sở Tài nguyên và Môi trường and Sở Nông nghiệp và PTNT become
  Sở Nông nghiệp và Môi trường; Sở Lao động – Thương binh và Xã hội is split by field between Sở Nội vụ
  (every field not named), Sở Y tế (social protection) and Sở Giáo dục và Đào tạo (vocational training).
- 01/07/2025: the districts end with their communes, which merge into fewer, larger communes at the top
  level. Each old commune passes to the commune it merged into; each district passes its own fields (the
  district-level catalogue's) to the new commune at its seat (the demo's decision: the district's records
  have to be someone's in the current structure, and its seat is where its office and its archive went).
- The provincial service centre receives a share of the departments' dossiers and resolves none.
- Commune-level procedures are one catalogue under their national codes, carried out by every commune in
  being; district-level ones by every district until the districts end.
"""

from datetime import date
from typing import Final

from departments.models import Department
from sampledata.demo_agency import OFFICE, Agency

AGENCIES_END: Final = date(2025, 2, 28)
AGENCIES_MERGED: Final = date(2025, 3, 1)
DISTRICTS_END: Final = date(2025, 6, 30)
COMMUNES_MERGED: Final = date(2025, 7, 1)

PRESS_FIELDS: Final = ("Báo chí", "Xuất bản, In và Phát hành")

# The departments that take over in 2025: two existed all along with catalogues of their own, one is new.
SUCCESSOR_AGENCIES: Final = (
    Agency(
        "SKHCN",
        "Sở Khoa học và Công nghệ",
        {
            "Hoạt động khoa học và công nghệ": (
                "giấy chứng nhận đăng ký hoạt động khoa học và công nghệ",
                "Đăng ký kết quả thực hiện nhiệm vụ khoa học và công nghệ không sử dụng ngân sách nhà nước",
                "Cấp giấy chứng nhận doanh nghiệp khoa học và công nghệ",
            ),
            "Tiêu chuẩn đo lường chất lượng": (
                "Đăng ký công bố hợp chuẩn dựa trên kết quả tự đánh giá",
                "Đăng ký công bố hợp quy",
                "Kiểm tra nhà nước về chất lượng hàng hóa nhập khẩu",
            ),
            "An toàn bức xạ và hạt nhân": (
                "giấy phép tiến hành công việc bức xạ sử dụng thiết bị X-quang chẩn đoán trong y tế",
            ),
        },
        divisions=(*OFFICE, ("QLKH", "Phòng Quản lý khoa học")),
        units=(("CCTDC", "Chi cục Tiêu chuẩn Đo lường Chất lượng"),),
        daily=0.1,
    ),
    Agency(
        "SVHTTDL",
        "Sở Văn hóa, Thể thao và Du lịch",
        {
            "Văn hóa cơ sở": (
                "giấy phép kinh doanh dịch vụ karaoke",
                "Thông báo tổ chức lễ hội cấp tỉnh",
            ),
            "Du lịch": (
                "giấy phép kinh doanh dịch vụ lữ hành nội địa",
                "Cấp thẻ hướng dẫn viên du lịch nội địa",
                "Công nhận hạng cơ sở lưu trú du lịch",
            ),
            "Thể dục thể thao": ("Cấp giấy chứng nhận đủ điều kiện kinh doanh hoạt động thể thao",),
        },
        divisions=(*OFFICE, ("QLVH", "Phòng Quản lý văn hóa"), ("QLDL", "Phòng Quản lý du lịch")),
        daily=0.1,
    ),
    Agency(
        "SNNMT",
        "Sở Nông nghiệp và Môi trường",
        {},
        divisions=(*OFFICE, ("QLDD", "Phòng Quản lý đất đai"), ("KHTC", "Phòng Kế hoạch – Tài chính")),
        units=(("CCKL", "Chi cục Kiểm lâm"),),
        daily=0,
        valid_from=AGENCIES_MERGED,
    ),
    Agency(
        "TTPVHCC",
        "Trung tâm Phục vụ hành chính công tỉnh",
        {},
        kind=Department.Kind.SERVICE_CENTRE,
        daily=0,
    ),
)

# The departments that end on 28/02/2025 (their sub-units with them).
ENDED_AGENCIES: Final = ("STTTT", "STNMT", "SNNPTNT", "SLDTBXH")

# (district code, name, its communes (code, name), the new commune at its seat)
DISTRICTS: Final = (
    (
        "HUYEN-TANPHU",
        "UBND huyện Tân Phú",
        (
            ("XA-TANPHU", "UBND xã Tân Phú"),
            ("XA-HOABINH", "UBND xã Hòa Bình"),
            ("XA-PHUOCHUNG", "UBND xã Phước Hưng"),
            ("XA-ANTHANH", "UBND xã An Thạnh"),
        ),
        "XA-TANHOA",
    ),
    (
        "HUYEN-LONGTHANH",
        "UBND huyện Long Thạnh",
        (
            ("TT-LONGTHANH", "UBND thị trấn Long Thạnh"),
            ("XA-BINHAN", "UBND xã Bình An"),
            ("XA-MYLOC", "UBND xã Mỹ Lộc"),
        ),
        "PHUONG-LONGTHANH",
    ),
)

# The communes from 01/07/2025 and the old communes merged into each.
NEW_COMMUNES: Final = (
    ("XA-TANHOA", "UBND xã Tân Hòa", ("XA-TANPHU", "XA-HOABINH")),
    ("XA-PHUOCTHANH", "UBND xã Phước Thạnh", ("XA-PHUOCHUNG", "XA-ANTHANH")),
    ("PHUONG-LONGTHANH", "UBND phường Long Thạnh", ("TT-LONGTHANH", "XA-BINHAN", "XA-MYLOC")),
)


def local_units() -> tuple[Agency, ...]:
    """The districts, their communes and the merged communes, parents first. A district's and an old
    commune's dossiers are drawn from the shared catalogue of their level; a new commune has no flow of its
    own: the old communes' go on under it through their successions."""
    units: list[Agency] = []
    for code, name, communes, _seat in DISTRICTS:
        units.append(
            Agency(
                code,
                name,
                {},
                kind=Department.Kind.DISTRICT,
                daily=0.2,
                valid_to=DISTRICTS_END,
                level="district",
            )
        )
        units += [
            Agency(
                commune_code,
                commune_name,
                {},
                kind=Department.Kind.COMMUNE,
                daily=0.08,
                online=0.05,
                online_growth=0.04,
                parent=code,
                valid_to=DISTRICTS_END,
                level="commune",
            )
            for commune_code, commune_name in communes
        ]
    units += [
        Agency(code, name, {}, kind=Department.Kind.COMMUNE, daily=0, valid_from=COMMUNES_MERGED)
        for code, name, _merged in NEW_COMMUNES
    ]
    return tuple(units)


def successions() -> list[tuple[str, str, date, tuple[str, ...]]]:
    """(predecessor code, successor code, effective on, field names: none = every field not named)."""
    rows = [
        ("STTTT", "SKHCN", AGENCIES_MERGED, ()),
        ("STTTT", "SVHTTDL", AGENCIES_MERGED, PRESS_FIELDS),
        ("STNMT", "SNNMT", AGENCIES_MERGED, ()),
        ("SNNPTNT", "SNNMT", AGENCIES_MERGED, ()),
        ("SLDTBXH", "SNV", AGENCIES_MERGED, ()),
        ("SLDTBXH", "SYT", AGENCIES_MERGED, ("Bảo trợ xã hội",)),
        ("SLDTBXH", "SGDDT", AGENCIES_MERGED, ("Giáo dục nghề nghiệp",)),
    ]
    # A district passes only its own fields to its seat: with none named, the seat would take the district's
    # whole subtree in the current structure, the communes merged elsewhere included (counted twice).
    rows += [
        (code, seat, COMMUNES_MERGED, tuple(DISTRICT_PROCEDURES))
        for code, _name, _communes, seat in DISTRICTS
    ]
    rows += [(old, new, COMMUNES_MERGED, ()) for new, _name, merged in NEW_COMMUNES for old in merged]
    return rows


# The commune-level catalogue under its national codes (Cơ sở dữ liệu quốc gia về TTHC), by field:
# (code, name, statutory working days, or the limit as staff write it where it is hours or a half day:
# a certified copy is made the same day).
COMMUNE_PROCEDURES: Final = {
    "Hộ tịch": (
        ("1.001193", "Đăng ký khai sinh", 1),
        ("1.000894", "Đăng ký kết hôn", 1),
        ("1.000656", "Đăng ký khai tử", 1),
        ("1.001022", "Đăng ký nhận cha, mẹ, con", 3),
        ("1.000689", "Đăng ký giám hộ", 3),
        ("1.004859", "Đăng ký thay đổi, cải chính, bổ sung thông tin hộ tịch", 3),
        ("1.004873", "Cấp Giấy xác nhận tình trạng hôn nhân", 3),
    ),
    "Chứng thực": (
        ("2.000908", "Chứng thực bản sao từ bản chính giấy tờ, văn bản", "4 giờ"),
        ("2.000884", "Chứng thực chữ ký trong các giấy tờ, văn bản", "0,5 ngày"),
        ("2.001035", "Chứng thực hợp đồng, giao dịch liên quan đến tài sản là động sản", 2),
        ("2.001019", "Chứng thực di chúc", 2),
        ("2.001016", "Chứng thực văn bản thỏa thuận phân chia di sản", 2),
    ),
    "Bảo trợ xã hội": (
        ("1.001776", "Thực hiện, điều chỉnh, thôi hưởng trợ cấp xã hội hằng tháng", 10),
        ("1.001731", "Hỗ trợ chi phí mai táng cho đối tượng bảo trợ xã hội", 5),
        ("1.001699", "Xác định, xác định lại mức độ khuyết tật và cấp Giấy xác nhận khuyết tật", 20),
    ),
    "Đất đai": (("1.003554", "Hòa giải tranh chấp đất đai", 30),),
    "Thi đua, khen thưởng": (("1.000748", "Tặng giấy khen của Chủ tịch UBND cấp xã", 20),),
}

# The district-level catalogue, carried out by every district until 30/06/2025.
DISTRICT_PROCEDURES: Final = {
    "Thành lập và hoạt động của hộ kinh doanh": (
        ("2.000720", "Đăng ký thành lập hộ kinh doanh", 3),
        ("2.000575", "Đăng ký thay đổi nội dung đăng ký hộ kinh doanh", 3),
    ),
    "Hoạt động xây dựng": (("1.009974", "Cấp giấy phép xây dựng nhà ở riêng lẻ", 15),),
    "Lưu thông hàng hóa trong nước": (("2.001824", "Cấp giấy phép bán lẻ sản phẩm rượu", 10),),
}
