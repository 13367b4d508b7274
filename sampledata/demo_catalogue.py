"""The demo province's catalogue: its departments with their fields and procedures, how their dossiers
tend to go, the demo accounts, and the names the generator draws from."""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

from accounts.models import Role
from departments.models import Department


@dataclass(frozen=True)
class Agency:
    """A top-level department, its sub-units, its catalogue and how its dossiers tend to go."""

    code: str
    name: str
    fields: Mapping[str, tuple[str, ...]]
    divisions: tuple[tuple[str, str], ...] = ()
    units: tuple[tuple[str, str], ...] = ()
    kind: str = Department.Kind.AGENCY
    daily: float = 0.1  # expected dossiers per working day
    online: float = 0.15  # share of online receipts in 2019, for procedures offered at level 3 or 4
    online_growth: float = 0.06  # added to that share each year
    late: float = 0.04
    dissatisfied: float = 0.03
    levels: tuple[float, float, float, float] = (0.05, 0.25, 0.45, 0.25)


STTTT_FIELDS = {
    "Báo chí": (
        "Cho phép họp báo (trong nước)",
        "Cho phép họp báo (nước ngoài)",
        "Cấp giấy phép xuất bản bản tin (trong nước)",
        "Cấp giấy phép xuất bản bản tin (nước ngoài)",
        "Văn bản chấp thuận thay đổi nội dung ghi trong giấy phép xuất bản bản tin (trong nước)",
        "Trưng bày tranh, ảnh và các hình thức thông tin khác bên ngoài trụ sở cơ quan đại diện nước ngoài, "
        "tổ chức nước ngoài",
    ),
    "Xuất bản, In và Phát hành": (
        "Cấp giấy phép xuất bản tài liệu không kinh doanh",
        "Cấp giấy phép hoạt động in",
        "Cấp lại giấy phép hoạt động in",
        "Cấp đổi giấy phép hoạt động in",
        "Đăng ký hoạt động cơ sở in",
        "Thay đổi thông tin đăng ký hoạt động cơ sở in",
        "Cấp giấy phép nhập khẩu xuất bản phẩm không kinh doanh",
        "Cấp giấy xác nhận đăng ký hoạt động phát hành xuất bản phẩm",
        "Cấp lại giấy xác nhận đăng ký hoạt động phát hành xuất bản phẩm",
        "Cấp giấy phép tổ chức triển lãm, hội chợ xuất bản phẩm",
        "Cấp giấy phép nhập khẩu thiết bị in",
        "Đăng ký sử dụng máy photocopy màu, máy in có chức năng photocopy màu",
        "Chuyển nhượng máy photocopy màu, máy in có chức năng photocopy màu",
        "Cấp giấy phép in gia công xuất bản phẩm cho nước ngoài",
    ),
    "Bưu chính": (
        "giấy phép bưu chính",
        "Cấp văn bản xác nhận thông báo hoạt động bưu chính",
        "Cấp lại văn bản xác nhận thông báo hoạt động bưu chính khi bị mất hoặc hư hỏng không sử dụng được",
    ),
    "Viễn thông và Internet": (
        "Cấp giấy chứng nhận đủ điều kiện hoạt động điểm cung cấp dịch vụ trò chơi điện tử công cộng",
        "Sửa đổi, bổ sung giấy chứng nhận đủ điều kiện hoạt động điểm cung cấp dịch vụ trò chơi điện tử công cộng",
        "Gia hạn giấy chứng nhận đủ điều kiện hoạt động điểm cung cấp dịch vụ trò chơi điện tử công cộng",
        "Cấp lại giấy chứng nhận đủ điều kiện hoạt động điểm cung cấp dịch vụ trò chơi điện tử công cộng",
    ),
    "Phát thanh, truyền hình và thông tin điện tử": (
        "giấy phép thiết lập trang thông tin điện tử tổng hợp",
        "giấy chứng nhận đăng ký thu tín hiệu truyền hình nước ngoài trực tiếp từ vệ tinh",
    ),
}

COMMUNE_FIELDS = {
    "Hộ tịch": (
        "Đăng ký khai sinh",
        "Đăng ký kết hôn",
        "Đăng ký khai tử",
        "Đăng ký nhận cha, mẹ, con",
        "Đăng ký giám hộ",
        "Đăng ký thay đổi, cải chính, bổ sung thông tin hộ tịch",
        "Cấp giấy xác nhận tình trạng hôn nhân",
        "Liên thông thủ tục hành chính về đăng ký khai sinh, đăng ký thường trú, cấp thẻ bảo hiểm y tế cho trẻ "
        "em dưới 6 tuổi",
    ),
    "Chứng thực": (
        "Chứng thực bản sao từ bản chính giấy tờ, văn bản",
        "Chứng thực chữ ký trong các giấy tờ, văn bản",
        "Chứng thực hợp đồng, giao dịch liên quan đến tài sản là động sản",
        "Chứng thực di chúc",
        "Chứng thực văn bản thỏa thuận phân chia di sản",
    ),
    "Bảo trợ xã hội": (
        "Thực hiện, điều chỉnh, thôi hưởng trợ cấp xã hội hằng tháng",
        "Hỗ trợ chi phí mai táng cho đối tượng bảo trợ xã hội",
        "Xác định, xác định lại mức độ khuyết tật và cấp Giấy xác nhận khuyết tật",
    ),
    "Người có công": (
        "Giải quyết chế độ mai táng phí đối với cựu chiến binh",
        "Xác nhận vào đơn đề nghị di chuyển hài cốt liệt sĩ",
    ),
    "Đất đai": ("Hòa giải tranh chấp đất đai",),
    "Thi đua, khen thưởng": ("Tặng giấy khen của Chủ tịch UBND cấp xã",),
}

OFFICE = (("VP", "Văn phòng Sở"), ("TTRA", "Thanh tra Sở"))

# Entries starting with a capital letter are procedure names; the others name a licence or certificate
# and stand for the usual family of procedures about it (issue, re-issue, amend, extend): see _expand().
AGENCIES: Final = (
    Agency(
        "STTTT",
        "Sở Thông tin và Truyền thông",
        STTTT_FIELDS,
        divisions=(
            *OFFICE,
            ("BCVT", "Phòng Bưu chính, Viễn thông"),
            ("TTBCXB", "Phòng Thông tin, Báo chí, Xuất bản"),
        ),
        units=(("TTCNTT", "Trung tâm Công nghệ thông tin và Truyền thông"),),
        daily=0.15,
        online=0.05,
        online_growth=0.05,
        late=0.02,
        dissatisfied=0.02,
    ),
    Agency(
        "SXD",
        "Sở Xây dựng",
        {
            "Hoạt động xây dựng": (
                "giấy phép xây dựng công trình cấp I, cấp II",
                "giấy phép xây dựng công trình tôn giáo, tín ngưỡng",
                "giấy phép di dời công trình",
                "chứng chỉ hành nghề hoạt động xây dựng hạng II, hạng III",
                "chứng chỉ năng lực hoạt động xây dựng hạng II, hạng III",
                "Thẩm định báo cáo nghiên cứu khả thi đầu tư xây dựng",
                "Thẩm định thiết kế xây dựng triển khai sau thiết kế cơ sở",
                "Kiểm tra công tác nghiệm thu hoàn thành công trình xây dựng",
            ),
            "Quy hoạch xây dựng": (
                "Cung cấp thông tin về quy hoạch xây dựng",
                "Thẩm định nhiệm vụ quy hoạch chi tiết xây dựng",
                "Thẩm định đồ án quy hoạch chi tiết xây dựng",
                "Điều chỉnh quy hoạch chi tiết xây dựng",
                "giấy phép quy hoạch dự án đầu tư xây dựng",
            ),
            "Nhà ở": (
                "Thuê nhà ở công vụ",
                "Thuê, thuê mua nhà ở xã hội thuộc sở hữu nhà nước",
                "Thẩm định giá bán, giá thuê mua nhà ở xã hội",
                "Công nhận chủ đầu tư dự án xây dựng nhà ở",
                "Bán nhà ở cũ thuộc sở hữu nhà nước",
            ),
            "Kinh doanh bất động sản": (
                "chứng chỉ hành nghề môi giới bất động sản",
                "Chuyển nhượng toàn bộ hoặc một phần dự án bất động sản",
            ),
        },
        divisions=(*OFFICE, ("QLXD", "Phòng Quản lý xây dựng"), ("QHKT", "Phòng Quy hoạch – Kiến trúc")),
        units=(("TTKD", "Trung tâm Kiểm định chất lượng xây dựng"),),
        daily=0.25,
        online=0.02,
        online_growth=0.01,
        late=0.07,
        levels=(0.15, 0.45, 0.3, 0.1),
    ),
    Agency(
        "STP",
        "Sở Tư pháp",
        {
            "Hộ tịch": (
                "Đăng ký khai sinh có yếu tố nước ngoài",
                "Đăng ký kết hôn có yếu tố nước ngoài",
                "Đăng ký khai tử có yếu tố nước ngoài",
                "Thay đổi, cải chính, bổ sung thông tin hộ tịch có yếu tố nước ngoài",
                "Ghi vào Sổ hộ tịch việc kết hôn của công dân Việt Nam đã được giải quyết tại cơ quan có thẩm quyền "
                "của nước ngoài",
                "Cấp bản sao trích lục hộ tịch",
            ),
            "Lý lịch tư pháp": (
                "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam, người nước ngoài đang cư trú tại Việt Nam",
                "Cấp Phiếu lý lịch tư pháp cho cơ quan tiến hành tố tụng",
                "Cấp Phiếu lý lịch tư pháp cho cơ quan nhà nước, tổ chức chính trị, tổ chức chính trị – xã hội",
            ),
            "Công chứng": (
                "Đăng ký tập sự hành nghề công chứng",
                "Đăng ký hành nghề và cấp Thẻ công chứng viên",
                "Cấp lại Thẻ công chứng viên",
                "Thành lập Văn phòng công chứng",
                "Đăng ký hoạt động Văn phòng công chứng",
                "Thay đổi nội dung đăng ký hoạt động của Văn phòng công chứng",
                "Chuyển nhượng Văn phòng công chứng",
                "Hợp nhất Văn phòng công chứng",
            ),
            "Luật sư": (
                "Đăng ký hoạt động của tổ chức hành nghề luật sư",
                "Thay đổi nội dung đăng ký hoạt động của tổ chức hành nghề luật sư",
                "Đăng ký hoạt động của chi nhánh của tổ chức hành nghề luật sư",
                "Đăng ký hành nghề luật sư với tư cách cá nhân",
            ),
            "Đấu giá tài sản": (
                "Đăng ký hoạt động của doanh nghiệp đấu giá tài sản",
                "Thay đổi nội dung đăng ký hoạt động của doanh nghiệp đấu giá tài sản",
                "Cấp Thẻ đấu giá viên",
                "Cấp lại Thẻ đấu giá viên",
            ),
            "Trợ giúp pháp lý": (
                "Thực hiện trợ giúp pháp lý",
                "Yêu cầu thay đổi người thực hiện trợ giúp pháp lý",
                "Lựa chọn, ký hợp đồng với luật sư thực hiện trợ giúp pháp lý",
            ),
            "Quốc tịch": (
                "Nhập quốc tịch Việt Nam",
                "Trở lại quốc tịch Việt Nam ở trong nước",
                "Thôi quốc tịch Việt Nam ở trong nước",
                "Cấp Giấy xác nhận có quốc tịch Việt Nam ở trong nước",
            ),
            "Giám định tư pháp": (
                "Bổ nhiệm giám định viên tư pháp",
                "Miễn nhiệm giám định viên tư pháp",
                "Đăng ký thành lập Văn phòng giám định tư pháp",
            ),
        },
        divisions=(*OFFICE, ("HCTP", "Phòng Hành chính tư pháp"), ("BTTP", "Phòng Bổ trợ tư pháp")),
        units=(("TGPL", "Trung tâm Trợ giúp pháp lý nhà nước"), ("PCC1", "Phòng Công chứng số 1")),
        daily=0.3,
        online=0.2,
    ),
    Agency(
        "SKHDT",
        "Sở Kế hoạch và Đầu tư",
        {
            "Thành lập và hoạt động của doanh nghiệp": (
                "Đăng ký thành lập doanh nghiệp tư nhân",
                "Đăng ký thành lập công ty TNHH một thành viên",
                "Đăng ký thành lập công ty TNHH hai thành viên trở lên",
                "Đăng ký thành lập công ty cổ phần",
                "Đăng ký thay đổi địa chỉ trụ sở chính của doanh nghiệp",
                "Đăng ký thay đổi tên doanh nghiệp",
                "Đăng ký thay đổi người đại diện theo pháp luật của công ty",
                "Đăng ký thay đổi vốn điều lệ",
                "Thông báo tạm ngừng kinh doanh",
                "Giải thể doanh nghiệp",
                "Đăng ký hoạt động chi nhánh, văn phòng đại diện, địa điểm kinh doanh",
                "Cấp lại Giấy chứng nhận đăng ký doanh nghiệp",
            ),
            "Thành lập và hoạt động của hợp tác xã": (
                "Đăng ký thành lập liên hiệp hợp tác xã",
                "Đăng ký thay đổi nội dung đăng ký liên hiệp hợp tác xã",
                "Giải thể tự nguyện liên hiệp hợp tác xã",
            ),
            "Đầu tư tại Việt Nam": (
                "Quyết định chủ trương đầu tư của UBND cấp tỉnh",
                "Điều chỉnh quyết định chủ trương đầu tư",
                "giấy chứng nhận đăng ký đầu tư",
                "Chuyển nhượng dự án đầu tư",
                "Tạm ngừng, ngừng hoạt động của dự án đầu tư",
                "Góp vốn, mua cổ phần, mua phần vốn góp của nhà đầu tư nước ngoài",
            ),
            "Đấu thầu": (
                "Thẩm định kế hoạch lựa chọn nhà thầu",
                "Thẩm định hồ sơ mời thầu",
                "Thẩm định kết quả lựa chọn nhà thầu",
            ),
            "Vốn hỗ trợ phát triển chính thức (ODA)": (
                "Lấy ý kiến về đề xuất dự án sử dụng vốn ODA",
                "Thẩm định chủ trương đầu tư dự án sử dụng vốn ODA",
            ),
        },
        divisions=(*OFFICE, ("DKKD", "Phòng Đăng ký kinh doanh"), ("KTDN", "Phòng Kinh tế đối ngoại")),
        daily=0.3,
        online=0.35,
        online_growth=0.08,
    ),
    Agency(
        "STC",
        "Sở Tài chính",
        {
            "Quản lý công sản": (
                "Quyết định mua sắm tài sản công",
                "Quyết định thuê tài sản phục vụ hoạt động của cơ quan",
                "Quyết định điều chuyển tài sản công",
                "Quyết định bán tài sản công",
                "Quyết định thanh lý tài sản công",
                "Quyết định tiêu hủy tài sản công",
                "Quyết định xử lý tài sản công trong trường hợp bị mất, bị hủy hoại",
            ),
            "Quản lý giá": (
                "Đăng ký giá của doanh nghiệp",
                "Kê khai giá của doanh nghiệp",
                "Hiệp thương giá",
                "Thẩm định phương án giá do UBND tỉnh quyết định",
            ),
            "Tài chính ngân sách": (
                "Cấp mã số đơn vị có quan hệ với ngân sách",
                "Thẩm tra quyết toán dự án hoàn thành",
                "Thẩm định quyết toán vốn đầu tư dự án hoàn thành",
            ),
            "Tài chính doanh nghiệp": (
                "Xác nhận trường hợp được hỗ trợ lãi suất",
                "Phê duyệt quỹ tiền lương, thù lao của người quản lý doanh nghiệp nhà nước",
            ),
        },
        divisions=(*OFFICE, ("QLNS", "Phòng Quản lý ngân sách"), ("GCS", "Phòng Quản lý giá và công sản")),
        daily=0.05,
    ),
    Agency(
        "SNV",
        "Sở Nội vụ",
        {
            "Tổ chức phi chính phủ": (
                "Công nhận ban vận động thành lập hội",
                "Cho phép thành lập hội",
                "Phê duyệt điều lệ hội",
                "Chia, tách, sáp nhập, hợp nhất hội",
                "Đổi tên hội",
                "Hội tự giải thể",
                "giấy phép thành lập và công nhận điều lệ quỹ",
            ),
            "Thi đua, khen thưởng": (
                "Tặng Bằng khen của Chủ tịch UBND tỉnh",
                "Tặng danh hiệu Cờ thi đua của UBND tỉnh",
                "Tặng danh hiệu Chiến sĩ thi đua cấp tỉnh",
                "Tặng danh hiệu Tập thể lao động xuất sắc",
            ),
            "Tôn giáo": (
                "Đăng ký người được bổ nhiệm, bầu cử, suy cử làm chức việc",
                "Thông báo tổ chức hội nghị thường niên của tổ chức tôn giáo",
                "Đề nghị tổ chức cuộc lễ ngoài cơ sở tôn giáo",
                "Đăng ký sinh hoạt tôn giáo tập trung",
            ),
            "Văn thư và lưu trữ": (
                "Phục vụ việc sử dụng tài liệu của độc giả tại phòng đọc",
                "chứng chỉ hành nghề lưu trữ",
            ),
            "Công chức, viên chức": (
                "Thi tuyển công chức",
                "Xét tuyển viên chức",
                "Thăng hạng chức danh nghề nghiệp viên chức",
                "Tiếp nhận vào làm công chức",
            ),
        },
        divisions=(
            *OFFICE,
            ("TCBC", "Phòng Tổ chức, biên chế và tổ chức phi chính phủ"),
            ("CCHC", "Phòng Cải cách hành chính"),
        ),
        units=(("BTDKT", "Ban Thi đua – Khen thưởng"), ("CCVTLT", "Chi cục Văn thư – Lưu trữ")),
        daily=0.08,
    ),
    Agency(
        "SYT",
        "Sở Y tế",
        {
            "Khám bệnh, chữa bệnh": (
                "giấy phép hoạt động đối với phòng khám đa khoa",
                "giấy phép hoạt động đối với phòng khám chuyên khoa",
                "chứng chỉ hành nghề khám bệnh, chữa bệnh",
                "giấy phép hoạt động đối với cơ sở dịch vụ y tế",
            ),
            "Dược phẩm": (
                "chứng chỉ hành nghề dược",
                "giấy chứng nhận đủ điều kiện kinh doanh dược",
                "Đánh giá đáp ứng thực hành tốt cơ sở bán lẻ thuốc",
                "Cho phép hủy thuốc gây nghiện, thuốc hướng tâm thần",
            ),
            "An toàn thực phẩm và dinh dưỡng": (
                "giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm",
                "Đăng ký bản công bố sản phẩm dinh dưỡng y học",
                "Xác nhận nội dung quảng cáo thực phẩm",
            ),
            "Giám định y khoa": (
                "Khám giám định thương tật lần đầu do tai nạn lao động",
                "Khám giám định bệnh nghề nghiệp",
            ),
            "Trang thiết bị và công trình y tế": (
                "Công bố đủ điều kiện mua bán trang thiết bị y tế loại B, C, D",
            ),
        },
        divisions=(*OFFICE, ("NVY", "Phòng Nghiệp vụ Y"), ("NVD", "Phòng Nghiệp vụ Dược")),
        units=(("CCATTP", "Chi cục An toàn vệ sinh thực phẩm"),),
        daily=0.15,
    ),
    Agency(
        "SGDDT",
        "Sở Giáo dục và Đào tạo",
        {
            "Văn bằng, chứng chỉ": (
                "Cấp bản sao văn bằng, chứng chỉ từ sổ gốc",
                "Chỉnh sửa nội dung văn bằng, chứng chỉ",
                "Công nhận văn bằng tốt nghiệp các cấp học phổ thông do cơ sở nước ngoài cấp",
            ),
            "Giáo dục trung học": (
                "Thành lập trường trung học phổ thông công lập",
                "Cho phép trường trung học phổ thông hoạt động giáo dục",
                "Sáp nhập, chia, tách trường trung học phổ thông",
                "Chuyển trường đối với học sinh trung học phổ thông",
                "Xin học lại tại trường khác đối với học sinh trung học",
            ),
            "Giáo dục và đào tạo thuộc hệ thống giáo dục quốc dân": (
                "Thành lập trung tâm ngoại ngữ, tin học",
                "Cho phép trung tâm ngoại ngữ, tin học hoạt động giáo dục",
                "Cấp phép dạy thêm, học thêm ngoài nhà trường",
            ),
            "Thi, tuyển sinh": (
                "Đăng ký dự thi tốt nghiệp trung học phổ thông",
                "Phúc khảo bài thi tốt nghiệp trung học phổ thông",
                "Xét đặc cách tốt nghiệp trung học phổ thông",
            ),
        },
        divisions=(
            *OFFICE,
            ("GDTH", "Phòng Giáo dục trung học"),
            ("KTQLCL", "Phòng Khảo thí và Quản lý chất lượng"),
        ),
        daily=0.08,
    ),
    Agency(
        "STNMT",
        "Sở Tài nguyên và Môi trường",
        {
            "Đất đai": (
                "Giao đất, cho thuê đất không thông qua đấu giá quyền sử dụng đất",
                "Chuyển mục đích sử dụng đất phải được phép của cơ quan nhà nước có thẩm quyền",
                "Thu hồi đất",
                "Gia hạn sử dụng đất",
                "Đăng ký biến động quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất",
                "Cấp đổi Giấy chứng nhận quyền sử dụng đất",
                "Cấp lại Giấy chứng nhận quyền sử dụng đất do bị mất",
                "Đăng ký, cấp Giấy chứng nhận quyền sử dụng đất lần đầu",
                "Đăng ký thế chấp quyền sử dụng đất, tài sản gắn liền với đất",
                "Xóa đăng ký thế chấp quyền sử dụng đất, tài sản gắn liền với đất",
                "Cung cấp dữ liệu đất đai",
            ),
            "Môi trường": (
                "Thẩm định báo cáo đánh giá tác động môi trường",
                "giấy phép môi trường",
                "Đăng ký chủ nguồn thải chất thải nguy hại",
                "Xác nhận hoàn thành công trình bảo vệ môi trường",
            ),
            "Tài nguyên nước": (
                "giấy phép khai thác, sử dụng nước mặt",
                "giấy phép khai thác, sử dụng nước dưới đất",
                "giấy phép xả nước thải vào nguồn nước",
            ),
            "Địa chất và khoáng sản": (
                "giấy phép thăm dò khoáng sản",
                "giấy phép khai thác khoáng sản",
                "Đóng cửa mỏ khoáng sản",
            ),
            "Khí tượng, thủy văn": ("giấy phép hoạt động dự báo, cảnh báo khí tượng thủy văn",),
            "Đo đạc, bản đồ và thông tin địa lý": ("Cung cấp thông tin, dữ liệu, sản phẩm đo đạc và bản đồ",),
        },
        divisions=(
            *OFFICE,
            ("QLDD", "Phòng Quản lý đất đai"),
            ("TNN", "Phòng Tài nguyên nước và Khoáng sản"),
        ),
        units=(("VPDKDD", "Văn phòng Đăng ký đất đai"), ("CCBVMT", "Chi cục Bảo vệ môi trường")),
        daily=0.3,
        late=0.2,
        dissatisfied=0.08,
    ),
    Agency(
        "SLDTBXH",
        "Sở Lao động – Thương binh và Xã hội",
        {
            "Việc làm": (
                "Giải quyết hưởng trợ cấp thất nghiệp",
                "Tạm dừng hưởng trợ cấp thất nghiệp",
                "Chuyển nơi hưởng trợ cấp thất nghiệp",
                "Hỗ trợ học nghề cho người lao động đang hưởng trợ cấp thất nghiệp",
                "giấy phép lao động cho người lao động nước ngoài làm việc tại Việt Nam",
                "Xác nhận người lao động nước ngoài không thuộc diện cấp giấy phép lao động",
            ),
            "Người có công": (
                "Giải quyết chế độ trợ cấp thờ cúng liệt sĩ",
                "Giải quyết chế độ ưu đãi đối với Bà mẹ Việt Nam anh hùng",
                "Di chuyển hồ sơ người có công với cách mạng",
                "Cấp trích lục hoặc sao hồ sơ người có công với cách mạng",
                "Giám định lại thương tật đối với thương binh",
            ),
            "Giáo dục nghề nghiệp": (
                "giấy chứng nhận đăng ký hoạt động giáo dục nghề nghiệp",
                "Thành lập trung tâm giáo dục nghề nghiệp tư thục",
                "Cho phép thành lập trường trung cấp tư thục",
            ),
            "Bảo trợ xã hội": (
                "Thành lập cơ sở trợ giúp xã hội công lập",
                "giấy phép hoạt động đối với cơ sở trợ giúp xã hội",
            ),
            "Lao động, tiền lương": (
                "Đăng ký nội quy lao động của doanh nghiệp",
                "Gửi thỏa ước lao động tập thể cấp doanh nghiệp",
            ),
        },
        divisions=(*OFFICE, ("NCC", "Phòng Người có công"), ("LDVL", "Phòng Lao động – Việc làm")),
        units=(("TTDVVL", "Trung tâm Dịch vụ việc làm"),),
        daily=0.2,
    ),
    Agency(
        "SGTVT",
        "Sở Giao thông vận tải",
        {
            "Đường bộ": (
                "Cấp mới giấy phép lái xe",
                "Cấp lại giấy phép lái xe",
                "Đổi giấy phép lái xe do ngành Giao thông vận tải cấp",
                "Đổi giấy phép lái xe quân sự do Bộ Quốc phòng cấp",
                "Đổi giấy phép lái xe hoặc bằng lái xe của nước ngoài cấp",
                "giấy phép kinh doanh vận tải bằng xe ô tô",
                "Cấp phù hiệu xe ô tô kinh doanh vận tải",
                "Cấp giấy phép lưu hành xe quá tải trọng, xe quá khổ giới hạn",
                "Cấp giấy phép xe tập lái",
                "Cấp giấy phép thi công công trình đường bộ trên quốc lộ đang khai thác",
                "Đăng ký khai thác tuyến vận tải hành khách cố định bằng xe ô tô",
            ),
            "Đường thủy nội địa": (
                "Đăng ký phương tiện thủy nội địa lần đầu",
                "Đăng ký lại phương tiện thủy nội địa",
                "Xóa giấy chứng nhận đăng ký phương tiện thủy nội địa",
                "Công bố hoạt động bến thủy nội địa",
            ),
            "Đăng kiểm": (
                "Cấp giấy chứng nhận thẩm định thiết kế xe cơ giới cải tạo",
                "Cấp giấy chứng nhận chất lượng an toàn kỹ thuật và bảo vệ môi trường xe cơ giới cải tạo",
            ),
        },
        divisions=(
            *OFFICE,
            ("QLVT", "Phòng Quản lý vận tải, phương tiện và người lái"),
            ("QLHT", "Phòng Quản lý kết cấu hạ tầng giao thông"),
        ),
        daily=0.3,
        dissatisfied=0.25,
    ),
    Agency(
        "SNNPTNT",
        "Sở Nông nghiệp và Phát triển nông thôn",
        {
            "Thú y": (
                "giấy chứng nhận đủ điều kiện vệ sinh thú y",
                "Cấp chứng chỉ hành nghề thú y",
                "Cấp giấy chứng nhận kiểm dịch động vật, sản phẩm động vật vận chuyển ra khỏi địa bàn cấp tỉnh",
                "Cấp giấy chứng nhận cơ sở an toàn dịch bệnh động vật",
            ),
            "Lâm nghiệp": (
                "Phê duyệt phương án khai thác thực vật rừng thông thường",
                "Đăng ký mã số cơ sở nuôi, trồng các loài động vật, thực vật hoang dã",
                "Miễn, giảm tiền dịch vụ môi trường rừng",
            ),
            "Trồng trọt": (
                "Cấp giấy chứng nhận đủ điều kiện buôn bán phân bón",
                "Cấp giấy chứng nhận đủ điều kiện sản xuất phân bón",
                "Công nhận cây đầu dòng, vườn cây đầu dòng",
            ),
            "Bảo vệ thực vật": (
                "giấy chứng nhận đủ điều kiện buôn bán thuốc bảo vệ thực vật",
                "Cấp giấy xác nhận nội dung quảng cáo thuốc bảo vệ thực vật",
            ),
            "Thủy sản": (
                "giấy phép khai thác thủy sản",
                "Cấp văn bản chấp thuận đóng mới, cải hoán, thuê, mua tàu cá",
                "Đăng ký tàu cá",
            ),
            "Phát triển nông thôn": (
                "Công nhận làng nghề truyền thống",
                "Hỗ trợ dự án liên kết sản xuất, tiêu thụ sản phẩm nông nghiệp",
            ),
        },
        divisions=(*OFFICE, ("KHTC", "Phòng Kế hoạch – Tài chính")),
        units=(("CCKL", "Chi cục Kiểm lâm"), ("CCCNTY", "Chi cục Chăn nuôi và Thú y")),
        daily=0.12,
    ),
    *(
        Agency(
            code,
            name,
            COMMUNE_FIELDS,
            kind=Department.Kind.COMMUNE,
            daily=0.08,
            online=0.05,
            online_growth=0.04,
        )
        for code, name in (
            ("XA-TANPHU", "UBND xã Tân Phú"),
            ("XA-HOABINH", "UBND xã Hòa Bình"),
            ("XA-PHUOCHUNG", "UBND xã Phước Hưng"),
            ("XA-ANTHANH", "UBND xã An Thạnh"),
        )
    ),
)

DEMO_USERS: Final = (
    # username, role, tên, họ và tên đệm, department codes
    ("admin", Role.ADMINISTRATOR, "Bảo", "Trần Quốc", ()),
    ("leader", Role.LEADER, "Hùng", "Lê Văn", ()),
    ("inspector", Role.INSPECTOR, "Hà", "Phạm Thị Thu", ()),
    ("staff_stttt", Role.STAFF, "Lan", "Nguyễn Thị", ("STTTT",)),
    ("staff_sxd", Role.STAFF, "Tuấn", "Hoàng Minh", ("SXD",)),
)
